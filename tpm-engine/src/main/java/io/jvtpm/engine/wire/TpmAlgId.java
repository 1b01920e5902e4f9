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
    KEYEDHASH(0x0008),
    XOR(0x000A),
    SHA256(0x000B),
    SHA384(0x000C),
    SHA512(0x000D),
    NULL(0x0010),
    SM3_256(0x0012),
    ECC(0x0023),
    SYMCIPHER(0x0025);

    private final int value;

    TpmAlgId(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }
}
