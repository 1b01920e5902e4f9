package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Stall(microseconds)} (ACPI 6.5 section 19.6, DefStall 0x5B 0x21). */
public record Stall(TermArg microseconds) implements Aml {
    public Stall {
        Objects.requireNonNull(microseconds, "microseconds");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.STALL.encode(out);
        microseconds.encode(out);
    }
}
