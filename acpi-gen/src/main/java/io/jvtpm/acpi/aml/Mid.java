package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Mid(source, index, length, target)} (ACPI 6.5 section 19.6, DefMid 0x9E): a piece of a buffer or string. */
public record Mid(TermArg source, TermArg index, TermArg length, Target target) implements TermArg {
    public Mid {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.MID.encode(out);
        source.encode(out);
        index.encode(out);
        length.encode(out);
        target.encode(out);
    }
}
