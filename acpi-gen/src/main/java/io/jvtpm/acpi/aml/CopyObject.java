package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code CopyObject(source, destination)} (ACPI 6.5 section 19.6, DefCopyObject 0x9D). */
public record CopyObject(TermArg source, SuperName destination) implements TermArg {
    public CopyObject {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.COPY_OBJECT.encode(out);
        source.encode(out);
        destination.encode(out);
    }
}
