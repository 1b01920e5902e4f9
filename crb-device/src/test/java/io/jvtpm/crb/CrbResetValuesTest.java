package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.testing.FakeTpm;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Power-on values of every register at every locality (PTP section 6.5.3, QEMU's values for locality 0). */
class CrbResetValuesTest {

    static Stream<Arguments> table() {
        Object[][] rows = {
            // register, offset within the register, value at locality x (x filled in below)
            {CrbRegister.LOC_STATE, 0, 0x81L},          // valid, not established, nothing assigned
            {CrbRegister.LOC_CTRL, 0, 0L},              // write only
            {CrbRegister.LOC_STS, 0, 0L},
            {CrbRegister.INTF_ID, 0, 0x25B11L},         // CRB v1, 5 localities, idle bypass, 64 B, CapCRB, selector CRB
            {CrbRegister.INTF_ID2, 0, 0x1014L},         // VID 0x1014, DID 0
            {CrbRegister.CTRL_EXT, 0, 0L},
            {CrbRegister.CTRL_EXT, 4, 0L},
            {CrbRegister.CTRL_REQ, 0, 0L},
            {CrbRegister.CTRL_STS, 0, 2L},              // tpmIdle
            {CrbRegister.CTRL_CANCEL, 0, 0L},
            {CrbRegister.CTRL_START, 0, 0L},
            {CrbRegister.CTRL_INT_ENABLE, 0, 0L},
            {CrbRegister.CTRL_INT_STS, 0, 0L},
            {CrbRegister.CTRL_CMD_SIZE, 0, 0xF80L},
            {CrbRegister.CTRL_CMD_LADDR, 0, -1L},       // -1: the locality's buffer address
            {CrbRegister.CTRL_CMD_HADDR, 0, 0L},
            {CrbRegister.CTRL_RSP_SIZE, 0, 0xF80L},
            {CrbRegister.CTRL_RSP_ADDR, 0, -1L},
            {CrbRegister.CTRL_RSP_ADDR, 4, 0L},
        };
        // the guest's localities: locality 4's page reads all ones (PlatformLocalityTest)
        return IntStream.range(0, TpmInterfaceDevice.PLATFORM_LOCALITY).boxed()
                .flatMap(loc -> Stream.of(rows).map(r -> Arguments.of(loc, r[0], r[1], r[2])));
    }

    @ParameterizedTest(name = "locality {0} {1}+{2}")
    @MethodSource("table")
    void powerOnValue(int locality, CrbRegister reg, int plus, long expected) {
        try (CrbDevice dev = new CrbDevice(new FakeTpm(), CrbOptions.defaults().withExecutor(Runnable::run))) {
            long want = expected == -1L ? 0xFED40000L + locality * 0x1000L + 0x80 : expected;
            assertEquals(want, dev.read(reg.offset(locality) + plus, 4),
                    () -> reg + " at locality " + locality);
        }
    }

    @ParameterizedTest(name = "reserved 0x{0}")
    @MethodSource("reservedOffsets")
    void reservedReadsZero(int offset) {
        try (CrbDevice dev = new CrbDevice(new FakeTpm(), CrbOptions.defaults().withExecutor(Runnable::run))) {
            assertEquals(0L, dev.read(offset, 4));
        }
    }

    static IntStream reservedOffsets() {
        return IntStream.of(0x04, 0x10, 0x14, 0x18, 0x1C, 0x20, 0x24, 0x28, 0x2C, 0x70, 0x74, 0x78, 0x7C);
    }
}
