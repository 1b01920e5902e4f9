package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code Divide(dividend, divisor, remainder, quotient)} (ACPI 6.5 section 19.6, DefDivide 0x78);
 * evaluates to the quotient.
 */
public record Divide(TermArg dividend, TermArg divisor, Target remainder, Target quotient) implements TermArg {
    public Divide {
        Objects.requireNonNull(dividend, "dividend");
        Objects.requireNonNull(divisor, "divisor");
        Objects.requireNonNull(remainder, "remainder");
        Objects.requireNonNull(quotient, "quotient");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.DIVIDE.encode(out);
        dividend.encode(out);
        divisor.encode(out);
        remainder.encode(out);
        quotient.encode(out);
    }
}
