package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Event(name)} (ACPI 6.5 section 19.6, DefEvent 0x5B 0x02 NameString): a synchronization event. */
public record Event(NameString name) implements Aml {
    public Event {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.EVENT.encode(out);
        name.encode(out);
    }
}
