package io.jvtpm.acpi.aml;

/**
 * The PkgLength encoding (ACPI 6.5 section 20.2.4): one lead byte whose bits 7-6 count the
 * following bytes (0..3); with no following byte, bits 5-0 hold the value; otherwise bits 3-0
 * hold its low nibble and each following byte the next 8 bits. Values up to 2^28-1.
 */
public final class PkgLength {

    /** The largest value a PkgLength can carry. */
    public static final int MAX = (1 << 28) - 1;

    private PkgLength() {
    }

    /** Number of bytes (1..4) the encoding of {@code value} takes. */
    public static int sizeOf(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("PkgLength out of range: " + value);
        }
        if (value < 0x40) {
            return 1;
        }
        if (value < 1 << 12) {
            return 2;
        }
        if (value < 1 << 20) {
            return 3;
        }
        return 4;
    }

    /**
     * Writes {@code value} as it is, as field elements carry their bit width
     * (NamedField, ReservedField: the value does not count its own bytes).
     */
    public static void writeRaw(AmlSink out, int value) {
        int n = sizeOf(value);
        if (n == 1) {
            out.u8(value);
            return;
        }
        out.u8(((n - 1) << 6) | (value & 0x0F));
        int rest = value >>> 4;
        for (int i = 1; i < n; i++) {
            out.u8(rest & 0xFF);
            rest >>>= 8;
        }
    }

    /**
     * Writes the PkgLength of a package whose contents after the PkgLength take {@code bodyLength}
     * bytes: the value counts the PkgLength bytes themselves, so the encoding picks the smallest
     * width that still fits once it includes itself.
     */
    public static void writePackage(AmlSink out, int bodyLength) {
        writeRaw(out, packageValue(bodyLength));
    }

    /** The value a package PkgLength carries for {@code bodyLength} bytes of contents. */
    public static int packageValue(int bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative package length " + bodyLength);
        }
        for (int n = 1; n <= 4; n++) {
            int v = bodyLength + n;
            if (v >= 0 && v <= MAX && sizeOf(v) == n) {
                return v;
            }
        }
        throw new IllegalArgumentException("package too large for a PkgLength: " + bodyLength + " bytes");
    }
}
