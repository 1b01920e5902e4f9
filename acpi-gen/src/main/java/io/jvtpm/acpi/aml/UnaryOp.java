package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Op(operand, target)} for a {@link UnaryOperator} (ACPI 6.5 section 20.2.5.4). */
public record UnaryOp(UnaryOperator operator, TermArg operand, Target target) implements TermArg {
    public UnaryOp {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        operator.opcode.encode(out);
        operand.encode(out);
        target.encode(out);
    }
}
