package io.jvtpm.engine.crypto;

import java.math.BigInteger;

/** Unsigned big-endian integers as the TPM marshals them (TPM 2.0 Library Part 1, 11.4). */
public final class Numbers {
    private Numbers() {
    }

    /** The integer of unsigned big-endian bytes. */
    public static BigInteger of(byte[] b) {
        return new BigInteger(1, b);
    }

    /** {@code v} as exactly {@code len} unsigned big-endian bytes (it must fit). */
    public static byte[] toBytes(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        byte[] r = new byte[len];
        if (b.length > len) {
            int skip = b.length - len;
            for (int i = 0; i < skip; i++) {
                if (b[i] != 0) {
                    throw new IllegalArgumentException("integer wider than " + len + " bytes");
                }
            }
            System.arraycopy(b, skip, r, 0, len);
        } else {
            System.arraycopy(b, 0, r, len - b.length, b.length);
        }
        return r;
    }

    /** {@code v} as unsigned big-endian bytes without leading zeros (at least one byte). */
    public static byte[] minimal(BigInteger v) {
        return toBytes(v, Math.max(1, (v.bitLength() + 7) / 8));
    }
}
