package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.AmlSink;
import java.util.List;
import java.util.Objects;

/**
 * A Differentiated or Secondary System Description Table (ACPI 6.5 sections 5.2.11.1 and 5.2.11.2):
 * the header, then a block of AML terms. Revision 2 makes integers 64 bits wide.
 */
public record AmlTable(String signature, int revision, OemIds oem, List<Aml> terms) implements SystemDescriptionTable {

    public AmlTable {
        Objects.requireNonNull(oem, "oem");
        if (!signature.equals("DSDT") && !signature.equals("SSDT")) {
            throw new IllegalArgumentException("an AML table is a DSDT or an SSDT, not " + signature);
        }
        if (revision < 1 || revision > 0xFF) {
            throw new IllegalArgumentException("bad revision " + revision);
        }
        terms = List.copyOf(terms);
    }

    /** A revision-2 DSDT holding {@code terms}. */
    public static AmlTable dsdt(OemIds oem, List<? extends Aml> terms) {
        return new AmlTable("DSDT", 2, oem, List.copyOf(terms));
    }

    /** A revision-2 SSDT holding {@code terms}. */
    public static AmlTable ssdt(OemIds oem, List<? extends Aml> terms) {
        return new AmlTable("SSDT", 2, oem, List.copyOf(terms));
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin(signature, revision, oem);
        Aml.encodeAll(out, terms);
        return TableHeader.finish(out);
    }
}
