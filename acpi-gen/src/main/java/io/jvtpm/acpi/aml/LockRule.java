package io.jvtpm.acpi.aml;

/** Field lock rule (ACPI 6.5 section 19.6, FieldFlags bit 4): whether access takes the Global Lock. */
public enum LockRule {
    NO_LOCK(0), LOCK(1);

    /** The bit value. */
    public final int code;

    LockRule(int code) {
        this.code = code;
    }
}
