package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code CreateXxxField(buffer, index, name)} (ACPI 6.5 section 19.6): a named field
 * over a buffer; {@code index} is a bit index for {@link BufferFieldSize#BIT}, a byte index otherwise.
 */
public record CreateBufferField(BufferFieldSize size, TermArg buffer, TermArg index, NameString name) implements Aml {
    public CreateBufferField {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        size.opcode.encode(out);
        buffer.encode(out);
        index.encode(out);
        name.encode(out);
    }
}
