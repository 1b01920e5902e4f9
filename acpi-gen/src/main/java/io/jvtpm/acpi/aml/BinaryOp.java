package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code Op(left, right, target)} for a {@link BinaryOperator} (ACPI 6.5 section 20.2.5.4):
 * opcode, Operand, Operand, Target; e.g. {@code And(Local1, 0x07, )} or {@code Local0 = Arg0 + 1}.
 */
public record BinaryOp(BinaryOperator operator, TermArg left, TermArg right, Target target) implements TermArg {
    public BinaryOp {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        operator.opcode.encode(out);
        left.encode(out);
        right.encode(out);
        target.encode(out);
    }
}
