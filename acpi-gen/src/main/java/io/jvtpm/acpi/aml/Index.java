package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code Index(source, index, target)} (ACPI 6.5 section 19.6, DefIndex 0x88): a reference to
 * one element of a package, buffer or string; usable as a store target ({@code TPM2[One] = x}).
 */
public record Index(TermArg source, TermArg index, Target target) implements SuperName {
    public Index {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.INDEX.encode(out);
        source.encode(out);
        index.encode(out);
        target.encode(out);
    }
}
