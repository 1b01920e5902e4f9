package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Signal(event)} (ACPI 6.5 section 19.6, DefSignal 0x5B 0x24). */
public record Signal(SuperName event) implements Aml {
    public Signal {
        Objects.requireNonNull(event, "event");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.SIGNAL.encode(out);
        event.encode(out);
    }
}
