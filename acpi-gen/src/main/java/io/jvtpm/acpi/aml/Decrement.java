package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Decrement(name)}, ASL+ {@code name--} (ACPI 6.5 section 19.6, DefDecrement 0x76). */
public record Decrement(SuperName name) implements TermArg {
    public Decrement {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.DECREMENT.encode(out);
        name.encode(out);
    }
}
