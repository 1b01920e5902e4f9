package io.jvtpm.engine.crypto;

/**
 * Where key generation draws its random bits (TPM 2.0 Library Part 1, 11.4.10): the TPM's DRBG
 * for ordinary objects, or a DRBG seeded from a hierarchy seed for primary objects.
 */
@FunctionalInterface
public interface RandomSource {
    void fill(byte[] out, int off, int len);

    /** {@code n} random bytes. */
    default byte[] bytes(int n) {
        byte[] b = new byte[n];
        fill(b, 0, n);
        return b;
    }

    /** A source backed by a dedicated DRBG. */
    static RandomSource of(CtrDrbg drbg) {
        return (out, off, len) -> {
            while (len > 0) {
                int n = Math.min(len, 4096);
                drbg.generate(out, off, n);
                off += n;
                len -= n;
            }
        };
    }
}
