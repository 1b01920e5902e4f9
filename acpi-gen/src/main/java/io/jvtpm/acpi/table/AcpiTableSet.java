package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tables a guest gets, before they have addresses (ACPI 6.5 section 5.2): a FACS, a DSDT, a
 * FADT and any others (MADT, TPM2, HPET, MCFG, SSDTs). {@link #layout} places them in memory —
 * FACS first (64-byte aligned), then the DSDT, the FADT pointing at both, the others, and last
 * the XSDT listing the FADT and the others — and makes the RSDP for the XSDT.
 */
public record AcpiTableSet(OemIds oem, Facs facs, AmlTable dsdt, Fadt fadt, List<SystemDescriptionTable> others) {

    /** Alignment of each table after the FACS. */
    public static final int TABLE_ALIGNMENT = 16;

    public AcpiTableSet {
        Objects.requireNonNull(oem, "oem");
        Objects.requireNonNull(facs, "facs");
        Objects.requireNonNull(dsdt, "dsdt");
        Objects.requireNonNull(fadt, "fadt");
        others = List.copyOf(others);
        if (!dsdt.signature().equals("DSDT")) {
            throw new IllegalArgumentException("the DSDT slot holds a " + dsdt.signature());
        }
        for (SystemDescriptionTable t : others) {
            if (t instanceof Fadt || t instanceof Xsdt || t.signature().equals("DSDT")) {
                throw new IllegalArgumentException("the extra tables cannot include another " + t.signature());
            }
        }
    }

    /** Lays the tables out from {@code base} (rounded up to 64). */
    public AcpiImage layout(long base) {
        if (base < 0) {
            throw new IllegalArgumentException("negative base address");
        }
        long start = align(base, Facs.ALIGNMENT);
        AmlSink img = new AmlSink(8192);
        List<PlacedTable> placed = new ArrayList<>();
        pad(img, start - base);

        long facsAt = put(img, base, placed, "FACS", facs.toBytes());
        long dsdtAt = put(img, base, placed, "DSDT", dsdt.toBytes());
        List<Long> xsdtEntries = new ArrayList<>();
        xsdtEntries.add(put(img, base, placed, "FACP", fadt.withPointers(facsAt, dsdtAt).toBytes()));
        for (SystemDescriptionTable t : others) {
            xsdtEntries.add(put(img, base, placed, t.signature(), t.toBytes()));
        }
        long xsdtAt = put(img, base, placed, "XSDT", new Xsdt(oem, xsdtEntries).toBytes());
        return new AcpiImage(base, img.toByteArray(), placed, Rsdp.ofXsdt(oem, xsdtAt));
    }

    private static long put(AmlSink img, long base, List<PlacedTable> placed, String sig, byte[] bytes) {
        pad(img, align(base + img.size(), TABLE_ALIGNMENT) - (base + img.size()));
        long at = base + img.size();
        img.bytes(bytes);
        placed.add(new PlacedTable(sig, at, bytes));
        return at;
    }

    private static void pad(AmlSink img, long n) {
        for (long i = 0; i < n; i++) {
            img.u8(0);
        }
    }

    private static long align(long v, int a) {
        return (v + a - 1) & -(long) a;
    }
}
