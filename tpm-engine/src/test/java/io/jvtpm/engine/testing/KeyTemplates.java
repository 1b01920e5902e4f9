package io.jvtpm.engine.testing;

import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmWriter;

/** TPMT_PUBLIC templates (TPM 2.0 Library Part 2, 12.2.4) that tests hand to TPM2_CreatePrimary. */
public final class KeyTemplates {
    /**
     * TPMA_OBJECT (Part 2, 8.3) of a storage key: fixedTPM, fixedParent, sensitiveDataOrigin,
     * userWithAuth, noDA, restricted, decrypt.
     */
    private static final int STORAGE_ATTRIBUTES = 0x0003_0472;
    private static final int AES_KEY_BITS = 128;
    /** TPMA_OBJECT of a signing key: fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, sign. */
    private static final int SIGNING_ATTRIBUTES = 0x0004_0472;
    /** TPM_ECC_NIST_P256. */
    private static final int NIST_P256 = 0x0003;

    private KeyTemplates() {
    }

    /** An RSA storage key of {@code bits} bits: SHA-256 name, AES-128-CFB, no scheme, the default exponent. */
    public static byte[] rsaStorage(int bits) {
        return new TpmWriter(64)
                .u16(TpmAlgId.RSA.value()).u16(TpmAlgId.SHA256.value()).u32(STORAGE_ATTRIBUTES).u16(0)
                .u16(TpmAlgId.AES.value()).u16(AES_KEY_BITS).u16(TpmAlgId.CFB.value())
                .u16(TpmAlgId.NULL.value()).u16(bits).u32(0)
                .u16(0)
                .toByteArray();
    }

    /**
     * An ECC P-256 storage key (the null-hierarchy key Linux's tpm2-sessions.c salts its sessions
     * with): SHA-256 name, AES-128-CFB, no scheme, no KDF, storage attributes, empty unique.
     */
    public static byte[] eccStorage() {
        return new TpmWriter(64)
                .u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA256.value()).u32(STORAGE_ATTRIBUTES).u16(0)
                .u16(TpmAlgId.AES.value()).u16(AES_KEY_BITS).u16(TpmAlgId.CFB.value())
                .u16(TpmAlgId.NULL.value()).u16(NIST_P256).u16(TpmAlgId.NULL.value())
                .u16(0).u16(0)
                .toByteArray();
    }

    /**
     * An ECC P-256 signing key: SHA-256 name, ECDSA-SHA256, fixedTPM, fixedParent,
     * sensitiveDataOrigin, userWithAuth, noDA, sign.
     */
    public static byte[] eccSigning() {
        return new TpmWriter(64)
                .u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA256.value()).u32(SIGNING_ATTRIBUTES).u16(0)
                .u16(TpmAlgId.NULL.value()).u16(TpmAlgId.ECDSA.value()).u16(TpmAlgId.SHA256.value())
                .u16(NIST_P256).u16(TpmAlgId.NULL.value())
                .u16(0).u16(0)
                .toByteArray();
    }
}
