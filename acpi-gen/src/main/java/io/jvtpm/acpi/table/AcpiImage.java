package io.jvtpm.acpi.table;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set of ACPI tables laid out in guest memory (ACPI 6.5 section 5.2: RSDP → XSDT → FADT →
 * FACS/DSDT, and the other tables the XSDT lists). {@code image} is what the VMM copies to
 * {@code base}; the RSDP is separate, since it goes where the OS looks for it (the BIOS area
 * 0xE0000-0xFFFFF on a 16-byte boundary, or the boot protocol's acpi_rsdp_addr).
 */
public record AcpiImage(long base, byte[] image, List<PlacedTable> tables, Rsdp rsdp) {

    public AcpiImage {
        image = image.clone();
        tables = List.copyOf(tables);
    }

    /** A copy of the bytes to place at {@link #base}. */
    @Override
    public byte[] image() {
        return image.clone();
    }

    /** The RSDP's 36 bytes. */
    public byte[] rsdpBytes() {
        return rsdp.toBytes();
    }

    /** The first table with this signature ("FACS", "DSDT", "FACP", "APIC", "TPM2", "XSDT", ...). */
    public PlacedTable table(String signature) {
        for (PlacedTable t : tables) {
            if (t.signature().equals(signature)) {
                return t;
            }
        }
        throw new NoSuchElementException("no " + signature + " table in this image");
    }

    /** One past the last byte of the image. */
    public long end() {
        return base + image.length;
    }
}
