package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code LNot(operand)} (ACPI 6.5 section 19.6, DefLNot 0x92). */
public record LNot(TermArg operand) implements TermArg {
    public LNot {
        Objects.requireNonNull(operand, "operand");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.LNOT.encode(out);
        operand.encode(out);
    }
}
