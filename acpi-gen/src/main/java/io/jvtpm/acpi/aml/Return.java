package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Return(value)} (ACPI 6.5 section 19.6, DefReturn 0xA4 ArgObject). */
public record Return(TermArg value) implements Aml {
    public Return {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.RETURN.encode(out);
        value.encode(out);
    }
}
