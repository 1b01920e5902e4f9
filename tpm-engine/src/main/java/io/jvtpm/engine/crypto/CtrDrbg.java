package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * CTR_DRBG with AES-256 and no derivation function (NIST SP 800-90A Rev. 1, 10.2.1), the TPM's
 * random number generator (TPM 2.0 Library Part 1, 11.4.10; the reference implementation also
 * uses an AES CTR_DRBG). Inputs of any length are first condensed to seedlen (48 bytes) with
 * SHA-384. Deterministic for a given seed. Not thread-safe.
 */
public final class CtrDrbg {
    /** seedlen for AES-256: key (32) + block (16). */
    public static final int SEED_LEN = 48;
    private static final int BLOCK = 16;
    /** Outputs per request are bounded (2^19 bits in SP 800-90A); the TPM asks for at most 64 bytes. */
    private static final int MAX_REQUEST = 4096;
    private static final long RESEED_INTERVAL = 1L << 24;

    private final Cipher aes;
    private final byte[] key = new byte[32];
    private final byte[] v = new byte[BLOCK];
    private final byte[] ctr = new byte[MAX_REQUEST + SEED_LEN + BLOCK];
    private final byte[] out = new byte[MAX_REQUEST + SEED_LEN + BLOCK];
    private final MessageDigest condense = HashAlgorithm.SHA384.newDigest();
    private long reseedCounter;

    /** Instantiates from {@code seed} (entropy input, nonce and personalization together). */
    public CtrDrbg(byte[] seed) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        rekey();
        update(condense(seed));
        reseedCounter = 1;
    }

    /** Reseeds with {@code input} (fresh entropy, or TPM2_StirRandom data). */
    public void reseed(byte[] input) {
        update(condense(input));
        reseedCounter = 1;
    }

    /** True after so many requests that fresh entropy is due. */
    public boolean needsReseed() {
        return reseedCounter >= RESEED_INTERVAL;
    }

    /** Fills {@code dst[off, off+len)} with output; {@code len} at most 4096. */
    public void generate(byte[] dst, int off, int len) {
        if (len < 0 || len > MAX_REQUEST) {
            throw new IllegalArgumentException("request of " + len + " bytes");
        }
        int outBlocks = (len + BLOCK - 1) / BLOCK;
        int blocks = outBlocks + SEED_LEN / BLOCK;
        // the output blocks and the update's blocks all come from the same key and counter run
        for (int i = 0; i < blocks; i++) {
            increment(v);
            System.arraycopy(v, 0, ctr, i * BLOCK, BLOCK);
        }
        encrypt(blocks * BLOCK);
        System.arraycopy(out, 0, dst, off, len);
        int u = outBlocks * BLOCK;
        System.arraycopy(out, u, key, 0, 32);
        System.arraycopy(out, u + 32, v, 0, BLOCK);
        rekey();
        reseedCounter++;
    }

    private byte[] condense(byte[] input) {
        condense.reset();
        return condense.digest(input);
    }

    private void update(byte[] provided) {
        for (int i = 0; i < 3; i++) {
            increment(v);
            System.arraycopy(v, 0, ctr, i * BLOCK, BLOCK);
        }
        encrypt(SEED_LEN);
        for (int i = 0; i < SEED_LEN; i++) {
            out[i] ^= provided[i];
        }
        System.arraycopy(out, 0, key, 0, 32);
        System.arraycopy(out, 32, v, 0, BLOCK);
        rekey();
    }

    private void encrypt(int n) {
        try {
            aes.doFinal(ctr, 0, n, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rekey() {
        try {
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void increment(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (++b[i] != 0) {
                return;
            }
        }
    }
}
