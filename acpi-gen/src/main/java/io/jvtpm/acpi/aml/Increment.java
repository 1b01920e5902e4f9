package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Increment(name)}, ASL+ {@code name++} (ACPI 6.5 section 19.6, DefIncrement 0x75). */
public record Increment(SuperName name) implements TermArg {
    public Increment {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.INCREMENT.encode(out);
        name.encode(out);
    }
}
