package io.jvtpm.engine.wire;

/**
 * TPM_ALG_ID values this engine and its clients know (TPM 2.0 Library Part 2, 6.3; TCG Algorithm
 * Registry). SM3_256 is a bank other TPMs may report; this engine does not implement it.
 */
public enum TpmAlgId {
    ERROR(0x0000),
    RSA(0x0001),
    SHA1(0x0004),
    HMAC(0x0005),
    AES(0x0006),
    MGF1(0x0007),
    KEYEDHASH(0x0008),
    XOR(0x000A),
    SHA256(0x000B),
    SHA384(0x000C),
    SHA512(0x000D),
    NULL(0x0010),
    SM3_256(0x0012),
    RSASSA(0x0014),
    RSAES(0x0015),
    RSAPSS(0x0016),
    OAEP(0x0017),
    ECDSA(0x0018),
    ECDH(0x0019),
    ECDAA(0x001A),
    SM2(0x001B),
    ECSCHNORR(0x001C),
    ECMQV(0x001D),
    KDF1_SP800_56A(0x0020),
    KDF2(0x0021),
    KDF1_SP800_108(0x0022),
    ECC(0x0023),
    SYMCIPHER(0x0025),
    CMAC(0x003F),
    CTR(0x0040),
    OFB(0x0041),
    CBC(0x0042),
    CFB(0x0043),
    ECB(0x0044);

    private final int value;

    TpmAlgId(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }
}
