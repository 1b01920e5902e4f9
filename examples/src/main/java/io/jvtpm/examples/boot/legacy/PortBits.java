package io.jvtpm.examples.boot.legacy;

/** Helpers for byte-wide ISA registers read with wider port accesses (x86 IN of 1, 2 or 4 bytes). */
final class PortBits {

    private PortBits() {
    }

    /** An 8-bit register value read with a {@code size}-byte access: the bytes above float high. */
    static long widen(int value8, int size) {
        long v = value8 & 0xFFL;
        if (size <= 1) {
            return v;
        }
        long mask = size >= 8 ? -1L : (1L << (size * 8)) - 1;
        return (v | ~0xFFL) & mask;
    }

    /** All ones for a {@code size}-byte access: nothing drives the bus. */
    static long floating(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }
}
