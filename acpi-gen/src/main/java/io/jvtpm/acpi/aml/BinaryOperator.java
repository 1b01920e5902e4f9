package io.jvtpm.acpi.aml;

/**
 * The two-operand, one-target operators (ACPI 6.5 section 20.2.5.4: DefAdd, DefSubtract,
 * DefMultiply, DefMod, DefShiftLeft, DefShiftRight, DefAnd, DefNAnd, DefOr, DefNOr, DefXOr,
 * DefConcat, DefConcatRes).
 */
public enum BinaryOperator {
    ADD(AmlOpcode.ADD),
    SUBTRACT(AmlOpcode.SUBTRACT),
    MULTIPLY(AmlOpcode.MULTIPLY),
    MOD(AmlOpcode.MOD),
    SHIFT_LEFT(AmlOpcode.SHIFT_LEFT),
    SHIFT_RIGHT(AmlOpcode.SHIFT_RIGHT),
    AND(AmlOpcode.AND),
    NAND(AmlOpcode.NAND),
    OR(AmlOpcode.OR),
    NOR(AmlOpcode.NOR),
    XOR(AmlOpcode.XOR),
    CONCAT(AmlOpcode.CONCAT),
    CONCAT_RES(AmlOpcode.CONCAT_RES);

    final AmlOpcode opcode;

    BinaryOperator(AmlOpcode opcode) {
        this.opcode = opcode;
    }
}
