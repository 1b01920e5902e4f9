package io.jvtpm.engine.fuzz;

/**
 * TPMT_PUBLIC templates (TPM 2.0 Library Part 2, 12.2.4) the fuzzer's valid sequences create:
 * mostly ECC P-256 and symmetric keys (cheap to generate), RSA only where a family needs it.
 * RSA templates use exponent 0 (the default 65537); even exponents are left out until the
 * template checks refuse them (issue #12: an even exponent makes the prime search run for ever).
 */
final class Templates {
    static final int ECC = 0x0023;
    static final int RSA = 0x0001;
    static final int KEYEDHASH = 0x0008;
    static final int SYMCIPHER = 0x0025;
    static final int SHA256 = 0x000B;
    static final int NULL_ALG = 0x0010;
    static final int AES = 0x0006;
    static final int CFB = 0x0043;
    static final int ECDSA = 0x0018;
    static final int ECDH = 0x0019;
    static final int HMAC = 0x0005;
    static final int NIST_P256 = 0x0003;

    static final int FIXED_TPM = 0x2;
    static final int FIXED_PARENT = 0x10;
    static final int SENSITIVE_DATA_ORIGIN = 0x20;
    static final int USER_WITH_AUTH = 0x40;
    static final int ADMIN_WITH_POLICY = 0x80;
    static final int NO_DA = 0x400;
    static final int RESTRICTED = 0x10000;
    static final int DECRYPT = 0x20000;
    static final int SIGN = 0x40000;
    static final int FIXED = FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | USER_WITH_AUTH | NO_DA;

    private Templates() {
    }

    /** An ECC P-256 restricted decryption (storage) key with AES-128-CFB. */
    static void eccStorage(Params p, byte[] uniqueX) {
        p.u16(ECC).alg(SHA256).u32(FIXED | RESTRICTED | DECRYPT).tpm2b(new byte[0]);
        p.alg(AES).u16(128).alg(CFB).alg(NULL_ALG).alg(NIST_P256).alg(NULL_ALG);
        p.tpm2b(uniqueX).tpm2b(new byte[0]);
    }

    /** An ECC P-256 key: ECDSA-SHA256 signing, or ECDH key exchange ({@code scheme}). */
    static void ecc(Params p, int scheme, int attributes, byte[] authPolicy) {
        p.u16(ECC).alg(SHA256).u32(attributes).tpm2b(authPolicy);
        p.alg(NULL_ALG).alg(scheme).alg(SHA256).alg(NIST_P256).alg(NULL_ALG);
        p.tpm2b(new byte[0]).tpm2b(new byte[0]);
    }

    /** An RSA-2048 storage key with AES-128-CFB (exponent 0: 65537). */
    static void rsaStorage(Params p) {
        p.u16(RSA).alg(SHA256).u32(FIXED | RESTRICTED | DECRYPT).tpm2b(new byte[0]);
        p.alg(AES).u16(128).alg(CFB).alg(NULL_ALG).u16(2048).u32(0).tpm2b(new byte[0]);
    }

    /** An unrestricted RSA-2048 key that signs and decrypts, any scheme. */
    static void rsaSignDecrypt(Params p) {
        p.u16(RSA).alg(SHA256).u32(FIXED | SIGN | DECRYPT).tpm2b(new byte[0]);
        p.alg(NULL_ALG).alg(NULL_ALG).u16(2048).u32(0).tpm2b(new byte[0]);
    }

    /** A keyed-hash HMAC-SHA256 key. */
    static void hmacKey(Params p) {
        p.u16(KEYEDHASH).alg(SHA256).u32(FIXED | SIGN).tpm2b(new byte[0]);
        p.alg(HMAC).alg(SHA256).tpm2b(new byte[0]);
    }

    /** A sealed data object (its data comes from inSensitive), with {@code authPolicy}. */
    static void sealed(Params p, byte[] authPolicy) {
        p.u16(KEYEDHASH).alg(SHA256).u32(FIXED_TPM | FIXED_PARENT | USER_WITH_AUTH | NO_DA).tpm2b(authPolicy);
        p.alg(NULL_ALG).tpm2b(new byte[0]);
    }

    /** An AES-128 key for EncryptDecrypt in any mode. */
    static void aes(Params p) {
        p.u16(SYMCIPHER).alg(SHA256).u32(FIXED | SIGN | DECRYPT).tpm2b(new byte[0]);
        p.alg(AES).u16(128).alg(NULL_ALG).tpm2b(new byte[0]);
    }

    /** TPM2B_SENSITIVE_CREATE with {@code userAuth} and {@code data}. */
    static void sensitive(Params p, byte[] userAuth, byte[] data) {
        p.sized(s -> s.tpm2b(userAuth).tpm2b(data));
    }
}
