package io.jvtpm.acpi.aml;

/** Field access types (ACPI 6.5 section 19.6, FieldFlags bits 3:0 and AccessField's AccessType). */
public enum AccessType {
    ANY_ACC(0), BYTE_ACC(1), WORD_ACC(2), DWORD_ACC(3), QWORD_ACC(4), BUFFER_ACC(5);

    /** The AccessType value. */
    public final int code;

    AccessType(int code) {
        this.code = code;
    }
}
