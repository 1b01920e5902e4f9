package io.jvtpm.engine.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (NIST SP 800-38B; TPM_ALG_CMAC, TPM 2.0 Library Part 1, 11.4.13 and Part 3, 15.6
 * TPM2_MAC / 17.2 TPM2_MAC_Start), which the JCA lacks, over AES-ECB: a 16-byte MAC with a
 * SYMCIPHER key's AES key, in one call or as a running sequence. A running MAC is the key, the
 * chaining value and the last block held back (up to 16 bytes, since the final block is treated
 * apart), so its whole state is those few bytes ({@link #chain()}, {@link #pending()},
 * {@link #resume}).
 */
public final class Cmac {
    /** The size of an AES-CMAC. */
    public static final int SIZE = 16;
    private static final int BLOCK = SymCipher.BLOCK;

    private final byte[] key;
    private final Cipher aes;
    private final byte[] chain;
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;

    /** A running CMAC with {@code key} (16, 24 or 32 bytes). */
    public Cmac(byte[] key) {
        this(key, new byte[BLOCK], new byte[0]);
    }

    private Cmac(byte[] key, byte[] chain, byte[] pending) {
        this.key = key.clone();
        this.chain = chain.clone();
        System.arraycopy(pending, 0, this.pending, 0, pending.length);
        this.pendingLength = pending.length;
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** A running CMAC resumed from its key, {@link #chain()} and {@link #pending()}. */
    public static Cmac resume(byte[] key, byte[] chain, byte[] pending) {
        if (chain.length != BLOCK || pending.length > BLOCK) {
            throw new IllegalArgumentException("not a CMAC state");
        }
        return new Cmac(key, chain, pending);
    }

    /** The key. */
    public byte[] key() {
        return key.clone();
    }

    /** The chaining value after the blocks processed so far. */
    public byte[] chain() {
        return chain.clone();
    }

    /** The bytes held back for the final block. */
    public byte[] pending() {
        return Arrays.copyOf(pending, pendingLength);
    }

    private byte[] encrypt(byte[] block) {
        try {
            return aes.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    /** Adds {@code data[off, off+len)}. */
    public void update(byte[] data, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (pendingLength == BLOCK) {
                for (int k = 0; k < BLOCK; k++) {
                    chain[k] ^= pending[k];
                }
                System.arraycopy(encrypt(chain), 0, chain, 0, BLOCK);
                pendingLength = 0;
            }
            int n = Math.min(BLOCK - pendingLength, end - i);
            System.arraycopy(data, i, pending, pendingLength, n);
            pendingLength += n;
            i += n;
        }
    }

    /** The MAC of everything added (the running state is left as it was). */
    public byte[] finish() {
        byte[] k1 = doubled(encrypt(new byte[BLOCK]));
        byte[] subkey = pendingLength == BLOCK ? k1 : doubled(k1);
        byte[] last = Arrays.copyOf(pending, BLOCK);
        if (pendingLength < BLOCK) {
            Arrays.fill(last, pendingLength, BLOCK, (byte) 0);
            last[pendingLength] = (byte) 0x80;
        }
        for (int k = 0; k < BLOCK; k++) {
            last[k] ^= (byte) (chain[k] ^ subkey[k]);
        }
        return encrypt(last);
    }

    /** Multiplication by x in GF(2^128) (SP 800-38B, 6.1: the subkeys). */
    private static byte[] doubled(byte[] b) {
        byte[] r = new byte[BLOCK];
        int carry = 0;
        for (int k = BLOCK - 1; k >= 0; k--) {
            int v = (b[k] & 0xFF) << 1 | carry;
            r[k] = (byte) v;
            carry = v >>> 8;
        }
        if (carry != 0) {
            r[BLOCK - 1] ^= (byte) 0x87;
        }
        return r;
    }

    /** The CMAC of {@code data} with {@code key}. */
    public static byte[] compute(byte[] key, byte[] data) {
        Cmac c = new Cmac(key);
        c.update(data, 0, data.length);
        return c.finish();
    }
}
