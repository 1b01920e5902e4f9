package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code Match(package, op1, value1, op2, value2, start)} (ACPI 6.5 section 19.6, DefMatch 0x89):
 * the index of the first element from {@code start} satisfying both comparisons, or Ones.
 */
public record Match(TermArg searchPackage, MatchOperator op1, TermArg operand1, MatchOperator op2, TermArg operand2,
        TermArg startIndex) implements TermArg {
    public Match {
        Objects.requireNonNull(searchPackage, "searchPackage");
        Objects.requireNonNull(op1, "op1");
        Objects.requireNonNull(operand1, "operand1");
        Objects.requireNonNull(op2, "op2");
        Objects.requireNonNull(operand2, "operand2");
        Objects.requireNonNull(startIndex, "startIndex");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.MATCH.encode(out);
        searchPackage.encode(out);
        out.u8(op1.code);
        operand1.encode(out);
        out.u8(op2.code);
        operand2.encode(out);
        startIndex.encode(out);
    }
}
