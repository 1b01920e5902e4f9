package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code ToString(buffer, length, target)} (ACPI 6.5 section 19.6, DefToString 0x9C): the bytes of
 * a buffer up to the first null (or {@code length}, Ones for all) as a string.
 */
public record ToStringOp(TermArg buffer, TermArg length, Target target) implements TermArg {
    public ToStringOp {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.TO_STRING.encode(out);
        buffer.encode(out);
        length.encode(out);
        target.encode(out);
    }
}
