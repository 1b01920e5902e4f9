package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code Field(region, access, lock, update) { elements }} (ACPI 6.5 section 19.6, DefField
 * 0x5B 0x81 PkgLength NameString FieldFlags FieldList).
 */
public record Field(NameString region, AccessType access, LockRule lock, UpdateRule update,
        List<FieldElement> elements) implements Aml {

    public Field {
        Objects.requireNonNull(region, "region");
        elements = FieldList.checked(access, lock, update, elements);
    }

    /** The FieldFlags byte: access type, lock rule, update rule. */
    public static int flags(AccessType access, LockRule lock, UpdateRule update) {
        return access.code | (lock.code << 4) | (update.code << 5);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.FIELD, body -> {
            region.encode(body);
            FieldList.encode(body, access, lock, update, elements);
        });
    }
}
