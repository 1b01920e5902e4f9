package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Store(source, destination)}, ASL+ {@code destination = source} (ACPI 6.5 section 19.6, DefStore 0x70). */
public record Store(TermArg source, SuperName destination) implements TermArg {
    public Store {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.STORE.encode(out);
        source.encode(out);
        destination.encode(out);
    }
}
