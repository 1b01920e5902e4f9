package io.jvtpm.engine.wire;

/** TPM_CLOCK_ADJUST rate adjustments (TPM 2.0 Library Part 2, 6.11). */
public enum TpmClockAdjust {
    COARSE_SLOWER(-3),
    MEDIUM_SLOWER(-2),
    FINE_SLOWER(-1),
    NO_CHANGE(0),
    FINE_FASTER(1),
    MEDIUM_FASTER(2),
    COARSE_FASTER(3);

    private final int value;

    TpmClockAdjust(int value) {
        this.value = value;
    }

    /** The wire value (a signed octet). */
    public int value() {
        return value;
    }

    /** The adjustment for a signed wire value, or null. */
    public static TpmClockAdjust of(int v) {
        return v >= -3 && v <= 3 ? values()[v + 3] : null;
    }
}
