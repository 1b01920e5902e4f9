package io.jvtpm.acpi.aml;

/**
 * The two-operand logical operators without a target (ACPI 6.5 section 20.2.5.4: DefLAnd, DefLOr,
 * DefLEqual, DefLGreater, DefLLess). LNotEqual, LGreaterEqual and LLessEqual are LNot of these
 * (see {@link Asl#lNotEqual}).
 */
public enum LogicalOperator {
    LAND(AmlOpcode.LAND),
    LOR(AmlOpcode.LOR),
    LEQUAL(AmlOpcode.LEQUAL),
    LGREATER(AmlOpcode.LGREATER),
    LLESS(AmlOpcode.LLESS);

    final AmlOpcode opcode;

    LogicalOperator(AmlOpcode opcode) {
        this.opcode = opcode;
    }
}
