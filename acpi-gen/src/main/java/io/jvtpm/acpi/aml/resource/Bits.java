package io.jvtpm.acpi.aml.resource;

/** Range checks for descriptor fields (ACPI 6.5 section 6.4: fields are unsigned, fixed width). */
final class Bits {
    private Bits() {
    }

    static void checkU8(String what, long v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + " does not fit 8 bits: 0x" + Long.toHexString(v));
        }
    }

    static void checkU16(String what, long v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " does not fit 16 bits: 0x" + Long.toHexString(v));
        }
    }

    static void checkU32(String what, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " does not fit 32 bits: 0x" + Long.toHexString(v));
        }
    }
}
