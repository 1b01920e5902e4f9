package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code IndexField(index, data, access, lock, update) { elements }} (ACPI 6.5 section 19.6,
 * DefIndexField 0x5B 0x86 PkgLength NameString NameString FieldFlags FieldList).
 */
public record IndexField(NameString index, NameString data, AccessType access, LockRule lock, UpdateRule update,
        List<FieldElement> elements) implements Aml {

    public IndexField {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(data, "data");
        elements = FieldList.checked(access, lock, update, elements);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.INDEX_FIELD, body -> {
            index.encode(body);
            data.encode(body);
            FieldList.encode(body, access, lock, update, elements);
        });
    }
}
