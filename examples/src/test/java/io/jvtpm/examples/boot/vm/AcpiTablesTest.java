package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.table.AcpiImage;
import io.jvtpm.acpi.table.PlacedTable;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SyntheticBzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AcpiTablesTest {

    @ParameterizedTest
    @EnumSource(TpmInterface.class)
    void tablesFitTheirRegionAndPointAtTheEventLog(TpmInterface tpm) throws BootException {
        GuestMemoryLayout l = GuestMemoryLayout.plan(512L << 20, BzImage.parse("k", new SyntheticBzImage().build()), 0, 0);
        AcpiImage img = AcpiTables.build(l, 2, tpm, PpiTransport.MEMORY);
        assertEquals(l.acpiTablesAddress(), img.base() & ~63L);
        assertTrue(img.end() <= l.eventLogAddress());
        assertEquals("RSD PTR ", new String(img.rsdpBytes(), 0, 8, StandardCharsets.US_ASCII));
        PlacedTable fadt = img.table("FACP");
        ByteBuffer f = ByteBuffer.wrap(fadt.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x600, f.getInt(56), "PM1a_EVT_BLK");
        assertEquals(0x604, f.getInt(64), "PM1a_CNT_BLK");
        assertEquals(0x608, f.getInt(76), "PM_TMR_BLK");
        assertEquals(0, f.getInt(48), "no SMI_CMD: SCI_EN is hardwired");
        assertEquals(9, f.getShort(46), "SCI_INT");
        int flags = f.getInt(112);
        assertEquals(0, flags & (1 << 4), "PWR_BUTTON clear: the power button is the fixed one (PM1 PWRBTN)");
        assertTrue((flags & (1 << 10)) != 0, "RESET_REG_SUP: the reset register is there");
        assertEquals(0x000D, sciOverrideFlags(img), "the SCI: ISA IRQ 9 on GSI 9, level-triggered, active high");
        String dsdt = new String(img.table("DSDT").bytes(), StandardCharsets.ISO_8859_1);
        assertTrue(dsdt.contains("_S5_"));
        PlacedTable tpm2 = tpm == TpmInterface.NONE ? null : img.table("TPM2");
        if (tpm == TpmInterface.NONE) {
            assertNull(findOrNull(img, "TPM2"));
            assertTrue(!dsdt.contains("MSFT0101"));
        } else {
            ByteBuffer t = ByteBuffer.wrap(tpm2.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(tpm == TpmInterface.TIS ? 6 : 7, t.getInt(48), "start method");
            assertEquals(l.eventLogSize(), t.getInt(64), "LAML");
            assertEquals(l.eventLogAddress(), t.getLong(68), "LASA");
            assertTrue(dsdt.contains("MSFT0101"));
        }
    }

    /** The MPS INTI flags of the MADT's Interrupt Source Override for IRQ 9 (ACPI 6.5 5.2.12.5), or -1. */
    private static int sciOverrideFlags(AcpiImage img) {
        ByteBuffer m = ByteBuffer.wrap(img.table("APIC").bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 44; at + 2 <= m.limit(); at += m.get(at + 1) & 0xFF) {
            if (m.get(at) == 2 && m.get(at + 3) == 9 && m.getInt(at + 4) == 9) {
                return m.getShort(at + 8) & 0xFFFF;
            }
            if ((m.get(at + 1) & 0xFF) == 0) {
                break;
            }
        }
        return -1;
    }

    private static PlacedTable findOrNull(AcpiImage img, String sig) {
        return img.tables().stream().filter(t -> t.signature().equals(sig)).findFirst().orElse(null);
    }
}
