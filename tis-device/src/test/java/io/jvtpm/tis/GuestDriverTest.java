package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A profile-following guest driver against the device and the TPM double, every transfer width. */
class GuestDriverTest {

    static List<String> expectedTranscript() {
        return List.of(
                "startup rc=0x0",
                "getRandom(1) rc=0x0 len=1 size=13",
                "getRandom(8) rc=0x0 len=8 size=20",
                "getRandom(16) rc=0x0 len=16 size=28",
                "getRandom(32) rc=0x0 len=32 size=44",
                "pcrReset(16) rc=0x0",
                "pcrExtend(16) rc=0x0 size=19",
                "pcrExtend(16) rc=0x0 size=19",
                "pcrExtend(16) rc=0x0 size=19",
                "pcrRead(16) rc=0x0 " + Scenario.expectedPcr16());
    }

    @ParameterizedTest
    @EnumSource(TisDriver.Transfer.class)
    void sessionGivesTheSameResultsWithEveryTransfer(TisDriver.Transfer transfer) {
        try (TisDevice device = new TisDevice(new FakeTpm())) {
            assertEquals(expectedTranscript(), Scenario.run(new TisDriver(device, 0, transfer), true));
            assertEquals(-1, device.activeLocality());
        }
    }

    @ParameterizedTest
    @EnumSource(TisDriver.Transfer.class)
    void everyGuestLocalityCanRunCommands(TisDriver.Transfer transfer) {
        FakeTpm tpm = new FakeTpm();
        try (TisDevice device = new TisDevice(tpm)) {
            for (int locality = 0; locality < 4; locality++) {
                TisDriver driver = new TisDriver(device, locality, transfer);
                List<String> t = Scenario.run(driver, locality == 0);
                assertTrue(t.get(t.size() - 1).startsWith("pcrRead(16) rc=0x0"), t.toString());
            }
            assertEquals(List.of(0, 1, 2, 3), tpm.localities().stream().distinct().toList(),
                    "each command reached the TPM at the locality it was sent from");
        }
    }

    @Test
    void largestCommandFitsExactly() {
        try (TisDevice device = new TisDevice(new FakeTpm())) {
            TisDriver driver = new TisDriver(device, 0, TisDriver.Transfer.DWORD);
            driver.requestLocality();
            driver.transmit(TpmCommands.startup(TpmSu.CLEAR));
            byte[] big = new byte[device.bufferSize()];
            big[0] = (byte) 0x80;
            big[1] = 0x01;
            big[4] = 0x10;             // commandSize 4096
            big[9] = 0x01;             // an unknown command code: the TPM says so
            byte[] rsp = driver.transmit(big);
            assertEquals(TpmRc.COMMAND_CODE.value(), TpmWire.responseCode(rsp));
        }
    }
}
