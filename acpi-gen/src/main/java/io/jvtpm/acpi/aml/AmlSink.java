package io.jvtpm.acpi.aml;

import java.util.Arrays;

/**
 * A growable little-endian byte sink that AML nodes, resource descriptors and ACPI tables encode
 * themselves into (ACPI 6.5 section 20.2: all multi-byte AML data is little-endian).
 */
public final class AmlSink {

    private byte[] buf;
    private int size;

    /** An empty sink. */
    public AmlSink() {
        this(64);
    }

    /** An empty sink with room for {@code capacity} bytes before it grows. */
    public AmlSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    /** Appends the low 8 bits of {@code v}. */
    public AmlSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** Appends the low 16 bits of {@code v}, little-endian. */
    public AmlSink u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    /** Appends the low 32 bits of {@code v}, little-endian. */
    public AmlSink u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Appends all 64 bits of {@code v}, little-endian. */
    public AmlSink u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Appends {@code bytes} as they are. */
    public AmlSink bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    /** Appends {@code len} bytes of {@code bytes} from {@code off}. */
    public AmlSink bytes(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
        return this;
    }

    /** Appends what another sink holds. */
    public AmlSink append(AmlSink other) {
        return bytes(other.buf, 0, other.size);
    }

    /**
     * Appends an ASCII identifier padded with {@code pad} (or cut) to exactly {@code width} bytes,
     * as table headers store their signature and OEM fields.
     */
    public AmlSink ascii(String s, int width, char pad) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            char c = i < s.length() ? s.charAt(i) : pad;
            if (c > 0x7E) {
                throw new IllegalArgumentException("not printable ASCII: '" + s + "'");
            }
            buf[size++] = (byte) c;
        }
        return this;
    }

    /** Overwrites one byte at {@code pos}, which must already be written. */
    public void set(int pos, int v) {
        if (pos < 0 || pos >= size) {
            throw new IndexOutOfBoundsException(pos);
        }
        buf[pos] = (byte) v;
    }

    /** Overwrites 32 bits at {@code pos}, little-endian. */
    public void set32(int pos, long v) {
        if (pos < 0 || pos + 4 > size) {
            throw new IndexOutOfBoundsException(pos);
        }
        for (int i = 0; i < 4; i++) {
            buf[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    /** The byte at {@code pos}, 0..255. */
    public int get(int pos) {
        if (pos < 0 || pos >= size) {
            throw new IndexOutOfBoundsException(pos);
        }
        return buf[pos] & 0xFF;
    }

    /** Number of bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
