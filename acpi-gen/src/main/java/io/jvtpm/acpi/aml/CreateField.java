package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code CreateField(buffer, bitIndex, numBits, name)} (ACPI 6.5 section 19.6, DefCreateField
 * 0x5B 0x13): a named field of any bit width over a buffer.
 */
public record CreateField(TermArg buffer, TermArg bitIndex, TermArg numBits, NameString name) implements Aml {
    public CreateField {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(bitIndex, "bitIndex");
        Objects.requireNonNull(numBits, "numBits");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.CREATE_FIELD.encode(out);
        buffer.encode(out);
        bitIndex.encode(out);
        numBits.encode(out);
        name.encode(out);
    }
}
