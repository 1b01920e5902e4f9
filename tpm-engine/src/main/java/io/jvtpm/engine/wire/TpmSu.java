package io.jvtpm.engine.wire;

/** TPM_SU startup/shutdown types (TPM 2.0 Library Part 2, 6.5). */
public enum TpmSu {
    CLEAR(0x0000),
    STATE(0x0001);

    private final int value;

    TpmSu(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The type for a wire value, or null. */
    public static TpmSu of(int v) {
        return v == 0 ? CLEAR : v == 1 ? STATE : null;
    }
}
