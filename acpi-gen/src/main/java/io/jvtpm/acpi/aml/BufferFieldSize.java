package io.jvtpm.acpi.aml;

/**
 * The fixed-size buffer field creators (ACPI 6.5 section 19.6: CreateBitField,
 * CreateByteField, CreateWordField, CreateDWordField, CreateQWordField).
 */
public enum BufferFieldSize {
    BIT(AmlOpcode.CREATE_BIT_FIELD),
    BYTE(AmlOpcode.CREATE_BYTE_FIELD),
    WORD(AmlOpcode.CREATE_WORD_FIELD),
    DWORD(AmlOpcode.CREATE_DWORD_FIELD),
    QWORD(AmlOpcode.CREATE_QWORD_FIELD);

    final AmlOpcode opcode;

    BufferFieldSize(AmlOpcode opcode) {
        this.opcode = opcode;
    }
}
