package io.jvtpm.engine.wire;

/** TPM_CAP capability selectors (TPM 2.0 Library Part 2, 6.12). */
public enum TpmCap {
    ALGS(0x0),
    HANDLES(0x1),
    COMMANDS(0x2),
    PP_COMMANDS(0x3),
    AUDIT_COMMANDS(0x4),
    PCRS(0x5),
    TPM_PROPERTIES(0x6),
    PCR_PROPERTIES(0x7),
    ECC_CURVES(0x8),
    AUTH_POLICIES(0x9);

    private final int value;

    TpmCap(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The capability for a wire value, or null when this TPM does not implement it. */
    public static TpmCap of(int v) {
        TpmCap[] all = values();
        return v >= 0 && v < all.length ? all[v] : null;
    }
}
