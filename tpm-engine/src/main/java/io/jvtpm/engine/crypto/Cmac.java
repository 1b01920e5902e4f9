package io.jvtpm.engine.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-CMAC (NIST SP 800-38B; TPM_ALG_CMAC, TPM 2.0 Library Part 1, 11.4.13 and Part 3, 15.6
 * TPM2_MAC / 17.2 TPM2_MAC_Start) over BouncyCastle, which the JDK lacks: a 16-byte MAC with a
 * SYMCIPHER key's AES key, in one call or as a running sequence.
 */
public final class Cmac {
    /** The size of an AES-CMAC. */
    public static final int SIZE = 16;

    private final CMac mac;

    /** A running CMAC with {@code key} (16, 24 or 32 bytes). */
    public Cmac(byte[] key) {
        mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
    }

    /** Adds {@code data[off, off+len)}. */
    public void update(byte[] data, int off, int len) {
        mac.update(data, off, len);
    }

    /** The MAC of everything added. */
    public byte[] finish() {
        byte[] out = new byte[SIZE];
        mac.doFinal(out, 0);
        return out;
    }

    /** The CMAC of {@code data} with {@code key}. */
    public static byte[] compute(byte[] key, byte[] data) {
        Cmac c = new Cmac(key);
        c.update(data, 0, data.length);
        return c.finish();
    }
}
