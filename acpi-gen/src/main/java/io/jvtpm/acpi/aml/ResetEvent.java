package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Reset(event)} (ACPI 6.5 section 19.6, DefReset 0x5B 0x26): clears an event's pending signals. */
public record ResetEvent(SuperName event) implements Aml {
    public ResetEvent {
        Objects.requireNonNull(event, "event");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.RESET.encode(out);
        event.encode(out);
    }
}
