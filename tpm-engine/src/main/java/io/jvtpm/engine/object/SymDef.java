package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.SymCipher;

/**
 * TPMT_SYM_DEF_OBJECT (TPM 2.0 Library Part 2, 11.1.7): AES with a key size and a mode (null
 * for TPM_ALG_NULL: any mode), or TPM_ALG_NULL (then {@code mode} is null and {@code keyBits} 0).
 */
public record SymDef(boolean aes, int keyBits, SymCipher mode) {
    public static final SymDef NULL = new SymDef(false, 0, null);

    public boolean isNull() {
        return !aes;
    }
}
