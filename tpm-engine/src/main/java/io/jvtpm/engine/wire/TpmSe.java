package io.jvtpm.engine.wire;

/** TPM_SE session types of TPM2_StartAuthSession (TPM 2.0 Library Part 2, 6.11). */
public enum TpmSe {
    HMAC(0x00),
    POLICY(0x01),
    TRIAL(0x03);

    private final int value;

    TpmSe(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The type for a wire value, or null. */
    public static TpmSe of(int v) {
        return switch (v) {
            case 0x00 -> HMAC;
            case 0x01 -> POLICY;
            case 0x03 -> TRIAL;
            default -> null;
        };
    }
}
