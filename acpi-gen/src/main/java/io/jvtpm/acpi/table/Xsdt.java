package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.List;
import java.util.Objects;

/**
 * The Extended System Description Table (ACPI 6.5 section 5.2.8): the header, then the
 * 64-bit physical address of every other table except the DSDT and FACS.
 */
public record Xsdt(OemIds oem, List<Long> entries) implements SystemDescriptionTable {

    public Xsdt {
        Objects.requireNonNull(oem, "oem");
        entries = List.copyOf(entries);
    }

    @Override
    public String signature() {
        return "XSDT";
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("XSDT", 1, oem);
        for (long e : entries) {
            out.u64(e);
        }
        return TableHeader.finish(out);
    }
}
