package io.jvtpm.acpi.aml;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A buffer (ACPI 6.5 section 19.6, DefBuffer := BufferOp PkgLength BufferSize ByteList).
 * {@code size} is usually the integer length of {@code data}; a larger size zero-fills the rest,
 * and a computed size (e.g. {@code Buffer(Local0){}}) is any TermArg.
 */
public record AmlBuffer(TermArg size, byte[] data) implements DataObject {

    public AmlBuffer {
        Objects.requireNonNull(size, "size");
        data = data.clone();
        if (size instanceof AmlInteger n && Long.compareUnsigned(n.value(), data.length) < 0) {
            throw new IllegalArgumentException("buffer size " + n.value() + " < " + data.length + " initializer bytes");
        }
    }

    /** A buffer of exactly these bytes. */
    public AmlBuffer(byte[] data) {
        this(new AmlInteger(data.length), data);
    }

    /** A copy of the initializer bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.BUFFER, body -> {
            size.encode(body);
            body.bytes(data);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmlBuffer b && size.equals(b.size) && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return 31 * size.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Buffer(" + size + "){" + HexFormat.of().formatHex(data) + "}";
    }
}
