package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.TpmAlgId;

/**
 * The parameter encryption of a session, its TPMT_SYM_DEF at TPM2_StartAuthSession (TPM 2.0
 * Library Part 2, 11.1.6; Part 1, 21): none (TPM_ALG_NULL), AES-CFB with {@code keyBits}
 * (Part 1, 21.3), or XOR obfuscation (Part 1, 21.2; its mask hash is the session's authHash, as
 * libtpms computes it, so only the algorithm is kept).
 */
public record ParameterCipher(TpmAlgId algorithm, int keyBits) {
    public static final ParameterCipher NONE = new ParameterCipher(TpmAlgId.NULL, 0);
    public static final ParameterCipher XOR = new ParameterCipher(TpmAlgId.XOR, 0);
    /** How XOR is written where a context keeps the AES key bits. */
    private static final int XOR_CODE = 0xFFFF;

    /** AES-CFB with a key of {@code keyBits}. */
    public static ParameterCipher aesCfb(int keyBits) {
        return new ParameterCipher(TpmAlgId.AES, keyBits);
    }

    /** True when the session can encrypt parameters. */
    public boolean present() {
        return algorithm != TpmAlgId.NULL;
    }

    public boolean isXor() {
        return algorithm == TpmAlgId.XOR;
    }

    /** The value a saved context keeps: the AES key bits, 0 for none. */
    int code() {
        return isXor() ? XOR_CODE : keyBits;
    }

    /** The cipher from {@link #code()}. */
    static ParameterCipher ofCode(int code) {
        return code == XOR_CODE ? XOR : code == 0 ? NONE : aesCfb(code);
    }
}
