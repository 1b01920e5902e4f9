package io.jvtpm.acpi.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.Golden;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table builders (ACPI 6.5 chapter 5): golden bytes, lengths, checksums, pointers between tables. */
class TablesTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void tablesMatchGoldenBytes() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, byte[]> e : TableFixtures.all().entrySet()) {
            sb.append(e.getKey()).append(' ').append(HexFormat.of().formatHex(e.getValue())).append('\n');
        }
        Golden.checkText("tables.txt", sb.toString());
    }

    @Test
    void everyChecksumSumsToZero() {
        for (Map.Entry<String, byte[]> e : TableFixtures.all().entrySet()) {
            byte[] b = e.getValue();
            switch (e.getKey()) {
                case "RSDP" -> {
                    assertTrue(Checksum.valid(b, 0, 20), "RSDP checksum");
                    assertTrue(Checksum.valid(b, 0, 36), "RSDP extended checksum");
                }
                case "FACS" -> assertEquals(64, le(b).getInt(4), "FACS has no checksum, length 64");
                default -> {
                    assertEquals(b.length, le(b).getInt(4), e.getKey() + " length field");
                    assertTrue(Checksum.valid(b, 0, b.length), e.getKey() + " checksum");
                }
            }
        }
    }

    @Test
    void sizesAreTheSpecsOnes() {
        Map<String, byte[]> t = TableFixtures.all();
        assertEquals(36, t.get("RSDP").length);
        assertEquals(64, t.get("FACS").length);
        assertEquals(276, t.get("FACP").length);
        assertEquals(76, t.get("TPM2").length);
        assertEquals(56, t.get("HPET").length);
        assertEquals(60, t.get("MCFG").length);
        assertEquals(36 + 8 + 2 * 8 + 12 + 5 * 10 + 6, t.get("APIC").length);
    }

    @Test
    void layoutPointersAreConsistent() {
        AcpiImage img = TableFixtures.set(false).layout(0x1000010L);
        assertEquals(0x1000040L, img.table("FACS").address(), "FACS 64-byte aligned");
        byte[] rsdp = img.rsdpBytes();
        long xsdt = le(rsdp).getLong(24);
        assertEquals(img.table("XSDT").address(), xsdt);
        byte[] x = img.table("XSDT").bytes();
        int n = (x.length - 36) / 8;
        assertEquals(5, n, "FACP, APIC, TPM2, HPET, MCFG");
        byte[] image = img.image();
        for (int i = 0; i < n; i++) {
            long at = le(x).getLong(36 + 8 * i);
            int off = (int) (at - img.base());
            byte[] there = Arrays.copyOfRange(image, off, off + 4);
            PlacedTable t = img.tables().stream().filter(p -> p.address() == at).findFirst().orElseThrow();
            assertEquals(t.signature(), new String(there, java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] fadt = img.table("FACP").bytes();
        assertEquals(img.table("FACS").address(), le(fadt).getInt(36) & 0xFFFFFFFFL);
        assertEquals(img.table("DSDT").address(), le(fadt).getInt(40) & 0xFFFFFFFFL);
        assertEquals(0, le(fadt).getLong(132), "X_FIRMWARE_CTRL zero: FIRMWARE_CTRL holds the FACS below 4 GiB");
        assertEquals(img.table("DSDT").address(), le(fadt).getLong(140));
        for (PlacedTable t : img.tables()) {
            int off = (int) (t.address() - img.base());
            assertEquals(HexFormat.of().formatHex(t.bytes()),
                    HexFormat.of().formatHex(Arrays.copyOfRange(image, off, off + t.length())), t.signature());
        }
    }

    @Test
    void facsAbove4GiBGoesToXFirmwareCtrlOnly() {
        byte[] f = Fadt.builder(OemIds.JVTPM).pointers(0x1_0000_0000L, 0x2000).build().toBytes();
        assertEquals(0, le(f).getInt(36));
        assertEquals(0x1_0000_0000L, le(f).getLong(132));
        assertEquals(0x2000, le(f).getInt(40));
        assertEquals(0x2000, le(f).getLong(140));
    }

    @Test
    void fadtFieldsSitAtTheirOffsets() {
        byte[] f = TableFixtures.all().get("FACP");
        ByteBuffer b = le(f);
        assertEquals(6, f[8]);
        assertEquals(9, b.getShort(46));
        assertEquals(0xB2, b.getInt(48));
        assertEquals((byte) 0xF1, f[52]);
        assertEquals((byte) 0xF0, f[53]);
        assertEquals(0x600, b.getInt(56));
        assertEquals(0x604, b.getInt(64));
        assertEquals(0x608, b.getInt(76));
        assertEquals(4, f[88]);
        assertEquals(2, f[89]);
        assertEquals(4, f[91]);
        assertEquals(0, b.getInt(112) & (1 << 20), "not hardware-reduced");
        assertEquals(5, f[131], "FADT minor version");
        assertEquals(1, f[148], "X_PM1a_EVT_BLK in system I/O");
        assertEquals(32, f[149]);
        assertEquals(0x600, b.getLong(152));
        assertEquals(0x604, b.getLong(176));
        assertEquals(0x4D5054564AL, b.getLong(268), "hypervisor vendor 'JVTPM'");
    }

    @Test
    void hardwareReducedFadtHasNoLegacyBlocks() {
        byte[] f = TableFixtures.all().get("FACP-hw-reduced");
        ByteBuffer b = le(f);
        assertEquals(1 << 20, b.getInt(112) & (1 << 20));
        assertEquals(1 << 10, b.getInt(112) & (1 << 10), "RESET_REG_SUP");
        assertEquals(0, b.getInt(48), "no SMI_CMD");
        assertEquals(0, b.getInt(56));
        assertEquals(0, b.getInt(64));
        assertEquals(0xCF9, b.getLong(120));
        assertEquals(6, f[128]);
        assertEquals(0x604, b.getLong(248), "SLEEP_CONTROL_REG");
        assertEquals(0x600, b.getLong(260), "SLEEP_STATUS_REG");
    }

    @Test
    void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OemIds("TOOLONGID", "T", 1, "C", 1));
        assertThrows(IllegalArgumentException.class, () -> Fadt.builder(OemIds.JVTPM).pm1a(0, 0).build());
        assertThrows(IllegalArgumentException.class, () -> Fadt.builder(OemIds.JVTPM).gpe0(0xAFE0, 3).build());
        assertThrows(IllegalArgumentException.class, () -> new AmlTable("FACP", 2, OemIds.JVTPM, java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> Madt.pcGuest(OemIds.JVTPM, 0));
        assertThrows(IllegalArgumentException.class, () -> new Mcfg.Allocation(0, 0, 5, 4));
    }
}
