package io.jvtpm.acpi.aml;

/**
 * The one-operand, one-target operators (ACPI 6.5 section 20.2.5.4: DefNot, DefFindSetLeftBit,
 * DefFindSetRightBit, DefToBCD, DefFromBCD, DefToBuffer, DefToDecimalString, DefToHexString,
 * DefToInteger).
 */
public enum UnaryOperator {
    NOT(AmlOpcode.NOT),
    FIND_SET_LEFT_BIT(AmlOpcode.FIND_SET_LEFT_BIT),
    FIND_SET_RIGHT_BIT(AmlOpcode.FIND_SET_RIGHT_BIT),
    TO_BCD(AmlOpcode.TO_BCD),
    FROM_BCD(AmlOpcode.FROM_BCD),
    TO_BUFFER(AmlOpcode.TO_BUFFER),
    TO_DECIMAL_STRING(AmlOpcode.TO_DECIMAL_STRING),
    TO_HEX_STRING(AmlOpcode.TO_HEX_STRING),
    TO_INTEGER(AmlOpcode.TO_INTEGER);

    final AmlOpcode opcode;

    UnaryOperator(AmlOpcode opcode) {
        this.opcode = opcode;
    }
}
