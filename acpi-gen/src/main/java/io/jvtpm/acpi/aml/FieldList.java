package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * The FieldFlags byte and FieldList that end DefField, DefIndexField and DefBankField (ACPI 6.5
 * section 20.2.5.2): one check and one encoding for {@link Field}, {@link IndexField} and
 * {@link BankField}.
 */
final class FieldList {

    private FieldList() {
    }

    /**
     * Checks the flags and returns an immutable copy of {@code elements}, encoded once so that an
     * Offset lying before the running position is refused when the node is built.
     */
    static List<FieldElement> checked(AccessType access, LockRule lock, UpdateRule update,
            List<FieldElement> elements) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(update, "update");
        List<FieldElement> copy = List.copyOf(elements);
        FieldElement.encodeList(new AmlSink(), copy);
        return copy;
    }

    /** Writes FieldFlags, then the FieldList. */
    static void encode(AmlSink body, AccessType access, LockRule lock, UpdateRule update,
            List<FieldElement> elements) {
        body.u8(Field.flags(access, lock, update));
        FieldElement.encodeList(body, elements);
    }
}
