package io.jvtpm.acpi.tpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The reference {@code Device (TPM)} built with our nodes encodes to the very bytes QEMU 7.2 put
 * in the DSDT a guest saw (reference/qemu-7.2/seabios-*-DSDT.dat), for TIS and CRB.
 */
class ReferenceTpmDeviceTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ReferenceTpmDeviceTest.class.getResourceAsStream("/reference/qemu-7.2/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The bytes of the DeviceOp whose name is TPM_ in an AML table. */
    static byte[] deviceTpm(byte[] table) {
        for (int i = 36; i + 8 < table.length; i++) {
            if ((table[i] & 0xFF) == 0x5B && (table[i + 1] & 0xFF) == 0x82) {
                int lead = table[i + 2] & 0xFF;
                int extra = lead >>> 6;
                int len = extra == 0 ? lead & 0x3F : lead & 0x0F;
                for (int k = 0; k < extra; k++) {
                    len |= (table[i + 3 + k] & 0xFF) << (4 + 8 * k);
                }
                int nameAt = i + 3 + extra;
                if (new String(table, nameAt, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("TPM_")) {
                    return Arrays.copyOfRange(table, i, i + 2 + len);
                }
            }
        }
        throw new AssertionError("no Device (TPM) in the table");
    }

    @Test
    void tisDeviceEqualsQemuBytes() throws IOException {
        byte[] qemu = deviceTpm(resource("seabios-tis-DSDT.dat"));
        assertTrue(qemu.length > 500);
        assertEquals(HexFormat.of().formatHex(qemu), HexFormat.of().formatHex(ReferenceTpmDevice.tis().toBytes()));
    }

    @Test
    void crbDeviceEqualsQemuBytes() throws IOException {
        byte[] qemu = deviceTpm(resource("seabios-crb-DSDT.dat"));
        assertEquals(HexFormat.of().formatHex(qemu), HexFormat.of().formatHex(ReferenceTpmDevice.crb().toBytes()));
    }
}
