package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.TpmAlgId;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in the block modes TPM2_EncryptDecrypt offers (TPM 2.0 Library Part 1, 11.4.9; Part 2,
 * TPM_ALG_CTR/OFB/CBC/CFB/ECB), over the JCA. CFB is the full-block CFB the TPM uses for
 * protected storage and parameter encryption; CBC and ECB take whole blocks only; CTR counts over
 * the whole 128-bit block. TPM_ALG_CMAC is the one TPMI_ALG_SYM_MODE value that is no cipher
 * mode: a SYMCIPHER signing key may name it as its MAC for TPM2_MAC ({@link #isCipher()} false).
 */
public enum SymCipher {
    CTR(TpmAlgId.CTR, "AES/CTR/NoPadding", false),
    OFB(TpmAlgId.OFB, "AES/OFB/NoPadding", false),
    CBC(TpmAlgId.CBC, "AES/CBC/NoPadding", true),
    CFB(TpmAlgId.CFB, "AES/CFB/NoPadding", false),
    ECB(TpmAlgId.ECB, "AES/ECB/NoPadding", true),
    CMAC(TpmAlgId.CMAC, null, false);

    /** The AES block size. */
    public static final int BLOCK = 16;
    private static final BigInteger COUNTER_RANGE = BigInteger.ONE.shiftLeft(8 * BLOCK);

    private final int id;
    private final String transformation;
    private final boolean wholeBlocks;

    SymCipher(TpmAlgId alg, String transformation, boolean wholeBlocks) {
        this.id = alg.value();
        this.transformation = transformation;
        this.wholeBlocks = wholeBlocks;
    }

    /** The TPM_ALG_ID of the mode. */
    public int id() {
        return id;
    }

    /** False for CMAC, which names a MAC and encrypts nothing. */
    public boolean isCipher() {
        return transformation != null;
    }

    /** True when the data must be a multiple of the block size. */
    public boolean wholeBlocks() {
        return wholeBlocks;
    }

    /** The mode with this TPM_ALG_ID, or null. */
    public static SymCipher fromId(int id) {
        for (SymCipher m : values()) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    /** Encrypts or decrypts {@code data} with {@code key}; the IV is a block (ignored by ECB). */
    public byte[] apply(boolean encrypt, byte[] key, byte[] iv, byte[] data) {
        if (!isCipher()) {
            throw new IllegalStateException(this + " is no cipher mode");
        }
        try {
            Cipher c = Cipher.getInstance(transformation);
            int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            if (this == ECB) {
                c.init(mode, k);
            } else {
                c.init(mode, k, new IvParameterSpec(iv));
            }
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES " + this + " failed", e);
        }
    }

    /**
     * The chaining value TPM2_EncryptDecrypt returns after {@code in} became {@code out}: for CBC
     * the last ciphertext block; for CFB the last ciphertext block, or after a partial final block
     * its ciphertext followed by the rest of that block's key stream; for CTR the counter after
     * the last (even partial) block; for OFB the last key-stream block; ECB has none.
     */
    public byte[] nextIv(boolean encrypt, byte[] key, byte[] iv, byte[] in, byte[] out) {
        byte[] ct = encrypt ? out : in;
        if (this == ECB || ct.length == 0) {
            return iv.clone();
        }
        int blocks = (ct.length + BLOCK - 1) / BLOCK;
        if (this == CTR) {
            BigInteger next = new BigInteger(1, iv).add(BigInteger.valueOf(blocks)).mod(COUNTER_RANGE);
            return Numbers.toBytes(next, BLOCK);
        }
        if (this == OFB) {
            byte[] stream = OFB.apply(true, key, iv, new byte[blocks * BLOCK]);
            return java.util.Arrays.copyOfRange(stream, stream.length - BLOCK, stream.length);
        }
        int full = ct.length / BLOCK * BLOCK;
        if (full == ct.length) {
            byte[] r = new byte[BLOCK];
            System.arraycopy(ct, ct.length - BLOCK, r, 0, BLOCK);
            return r;
        }
        byte[] prev = new byte[BLOCK];
        if (full == 0) {
            System.arraycopy(iv, 0, prev, 0, BLOCK);
        } else {
            System.arraycopy(ct, full - BLOCK, prev, 0, BLOCK);
        }
        byte[] stream = ECB.apply(true, key, null, prev);
        System.arraycopy(ct, full, stream, 0, ct.length - full);
        return stream;
    }

    /** AES-CFB with a zero IV, the protected-storage and credential wrap (Part 1, 22/24). */
    public static byte[] cfbZeroIv(boolean encrypt, byte[] key, byte[] data) {
        return CFB.apply(encrypt, key, new byte[BLOCK], data);
    }
}
