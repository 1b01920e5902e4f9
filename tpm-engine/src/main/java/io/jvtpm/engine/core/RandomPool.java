package io.jvtpm.engine.core;

import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.platform.EntropySource;
import java.util.Arrays;

/**
 * The TPM's random number generator (TPM 2.0 Library Part 1, 11.4.10 "Random Number Generator"):
 * a CTR_DRBG seeded from platform entropy and a seed carried across boots, reseeded from the
 * platform when due. Output is drawn in blocks of {@link #POOL} bytes (one DRBG request, one key
 * update) and handed out in order; served bytes are wiped from the pool.
 */
public final class RandomPool {
    /** Bytes of DRBG output drawn per request. */
    static final int POOL = 1024;

    private final EntropySource entropy;
    private final CtrDrbg drbg;
    private final byte[] pool = new byte[POOL];
    private int poolPos = POOL;

    /** A DRBG instantiated from {@code seedMaterial} that reseeds from {@code entropy}. */
    RandomPool(EntropySource entropy, byte[] seedMaterial) {
        this.entropy = entropy;
        this.drbg = new CtrDrbg(seedMaterial);
    }

    /** Fills {@code out[off..off+len)} with random bytes. */
    public void random(byte[] out, int off, int len) {
        while (len > 0) {
            if (poolPos == POOL) {
                refill();
            }
            int n = Math.min(len, POOL - poolPos);
            System.arraycopy(pool, poolPos, out, off, n);
            Arrays.fill(pool, poolPos, poolPos + n, (byte) 0);
            poolPos += n;
            off += n;
            len -= n;
        }
    }

    /** {@code n} random bytes. */
    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        random(b, 0, n);
        return b;
    }

    /** TPM2_StirRandom: mixes {@code data} into the DRBG; output not yet served is discarded. */
    public void stir(byte[] data) {
        drbg.reseed(data);
        discard();
    }

    /** _TPM_Init: a reseed from platform entropy; output not yet served is discarded. */
    void reseedFromPlatform() {
        drbg.reseed(entropy(entropy));
        discard();
    }

    /** A seed for the next boot, drawn straight from the DRBG (not from the pool). */
    byte[] nextBootSeed() {
        byte[] seed = new byte[CtrDrbg.SEED_LEN];
        drbg.generate(seed, 0, seed.length);
        return seed;
    }

    /** SEED_LEN bytes of platform entropy. */
    static byte[] entropy(EntropySource source) {
        byte[] e = new byte[CtrDrbg.SEED_LEN];
        source.fill(e);
        return e;
    }

    private void refill() {
        if (drbg.needsReseed()) {
            drbg.reseed(entropy(entropy));
        }
        drbg.generate(pool, 0, POOL);
        poolPos = 0;
    }

    private void discard() {
        Arrays.fill(pool, (byte) 0);
        poolPos = POOL;
    }
}
