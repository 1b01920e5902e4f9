package io.jvtpm.tis;

import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.tis.register.TisRegister;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Register values after reset and access widths (PTP FIFO register space, as a table). */
class TisRegistersTest {
    private final FakeTpm tpm = new FakeTpm();
    private final TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(Runnable::run));

    @AfterEach
    void close() {
        device.close();
    }

    @ParameterizedTest(name = "locality {0} offset 0x{1} size {2} reads 0x{3}")
    @CsvSource({
        // locality, offset (hex), size, value (hex)           what
        "0, 000, 1, 81",            // ACCESS: tpmRegValidSts, not established, nothing active
        "0, 000, 4, 00000081",      // ACCESS as a dword: reserved bytes read 0
        "0, 001, 1, 00",
        "0, 004, 4, ffffffff",      // nothing at 0x04
        "0, 008, 4, 00000008",      // INT_ENABLE: typePolarity low level
        "0, 00c, 1, 00",            // INT_VECTOR: not wired
        "0, 010, 4, 00000000",      // INT_STATUS
        "0, 014, 4, 30000697",      // INTF_CAPABILITY as QEMU's for TPM 2.0
        "0, 014, 2, 0697",
        "0, 016, 2, 3000",
        "0, 017, 1, 30",
        "0, 018, 4, ffffffff",      // STS from a locality that is not active
        "0, 024, 1, ff",            // FIFO from a locality that is not active
        "0, 030, 4, 00002100",      // INTERFACE_ID: FIFO, 5 localities, CapFIFO
        "0, 080, 4, ffffffff",      // XDATA_FIFO, not active
        "0, 0c0, 4, ffffffff",      // past XDATA
        "0, f00, 4, 00011014",      // DID_VID
        "0, f00, 2, 1014",
        "0, f02, 2, 0001",
        "0, f04, 1, 01",            // RID
        "0, f08, 4, ffffffff",
        "3, 000, 1, 81",
        "4, 000, 1, ff",            // locality 4 is the platform's: a guest read is aborted
        "4, 014, 4, ffffffff",
        "2, f00, 4, 00011014",
    })
    void resetValue(int locality, String offsetHex, int size, String valueHex) {
        long offset = (long) locality * TisDevice.LOCALITY_STRIDE + Long.parseLong(offsetHex, 16);
        assertEquals(Long.parseLong(valueHex, 16), device.read(offset, size));
    }

    @ParameterizedTest(name = "offset 0x{0} size {1} is invalid and reads all ones")
    @CsvSource({
        "018, 3", "018, 0", "018, -1", "018, 16", "019, 4", "01a, 4", "026, 4", "017, 2",
        "5000, 1", "-1, 1", "4ffc, 8", "004, 8",
    })
    void invalidAccessReadsAllOnes(String offsetHex, int size) {
        long offset = Long.parseLong(offsetHex, 16);
        long expected = size >= 1 && size < 8 ? (1L << (8 * size)) - 1 : -1L;
        assertEquals(expected, device.read(offset, size));
        device.write(offset, size, 0xFFFF_FFFFL);   // ignored, and does not throw
        assertEquals(0x81, device.read(0, 1));
    }

    @Test
    void eightByteReadIsTwoDwords() {
        assertEquals(0x0000_0001_0001_1014L, device.read(0xF00, 8));
    }

    @Test
    void interfaceSelectorLocksUntilReset() {
        device.write(0x30, 4, 0);
        assertEquals(0x2100, device.read(0x30, 4));
        device.write(0x30, 4, 0x0008_0000);
        assertEquals(0x0008_2100, device.read(0x30, 4));
        assertEquals(0x0008_2100, device.read(0x1030, 4), "one interface, seen from every locality");
        device.reset();
        assertEquals(0x2100, device.read(0x30, 4));
    }

    @Test
    void interruptVectorReportsWhatTheVmmChose() {
        try (TisDevice wired = new TisDevice(tpm, TisOptions.defaults().withInterrupt(io.jvtpm.engine.ptp.InterruptLine.NONE, 5))) {
            assertEquals(5, wired.read(0x00C, 1));
            wired.write(0x00C, 1, 9);   // the platform's choice: writes do not move it
            assertEquals(5, wired.read(0x00C, 1));
        }
    }

    @Test
    void registerTableMatchesTheProfile() {
        assertEquals(TisRegister.ACCESS, TisRegister.at(0x000));
        assertEquals(TisRegister.STS, TisRegister.at(0x01B));
        assertEquals(TisRegister.DATA_FIFO, TisRegister.at(0x024));
        assertEquals(TisRegister.XDATA_FIFO, TisRegister.at(0x0BF));
        assertEquals(TisRegister.DID_VID, TisRegister.at(0xF03));
        assertEquals(TisRegister.RID, TisRegister.at(0xF04));
        assertNull(TisRegister.at(0x004));
        assertNull(TisRegister.at(0x0C0));
    }
}
