package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Op(left, right)} for a {@link LogicalOperator} (ACPI 6.5 section 20.2.5.4); yields Ones or Zero. */
public record LogicalOp(LogicalOperator operator, TermArg left, TermArg right) implements TermArg {
    public LogicalOp {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public void encode(AmlSink out) {
        operator.opcode.encode(out);
        left.encode(out);
        right.encode(out);
    }
}
