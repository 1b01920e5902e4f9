package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;

/**
 * A scheme with its hash (TPMT_RSA_SCHEME, TPMT_ECC_SCHEME, TPMT_KEYEDHASH_SCHEME,
 * TPMT_SIG_SCHEME, TPMT_RSA_DECRYPT, TPMT_KDF_SCHEME; TPM 2.0 Library Part 2, 11.1-11.2):
 * {@code alg} is a TPM_ALG_ID, {@code hash} null when the scheme has none or is TPM_ALG_NULL;
 * {@code count} is the commit counter of TPMS_SCHEME_ECDAA (zero for every other scheme).
 */
public record Scheme(int alg, HashAlgorithm hash, int count) {
    public static final Scheme NULL = new Scheme(TpmAlgId.NULL.value(), null);

    /** A scheme without a commit counter. */
    public Scheme(int alg, HashAlgorithm hash) {
        this(alg, hash, 0);
    }

    /** True for TPM_ALG_ECDAA, whose TPMS_SCHEME_ECDAA carries a commit counter. */
    public boolean isEcdaa() {
        return alg == TpmAlgId.ECDAA.value();
    }

    public boolean isNull() {
        return alg == TpmAlgId.NULL.value();
    }
}
