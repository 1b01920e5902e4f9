package io.jvtpm.acpi.aml;

/** Field update rule (ACPI 6.5 section 19.6, FieldFlags bits 6:5): what fills the bits a write does not cover. */
public enum UpdateRule {
    PRESERVE(0), WRITE_AS_ONES(1), WRITE_AS_ZEROS(2);

    /** The two-bit value. */
    public final int code;

    UpdateRule(int code) {
        this.code = code;
    }
}
