package io.jvtpm.engine.wire;

/** TPM_HT handle types, the most significant octet of a handle (TPM 2.0 Library Part 2, 7.2). */
public enum TpmHt {
    PCR(0x00),
    NV_INDEX(0x01),
    HMAC_SESSION(0x02),
    POLICY_SESSION(0x03),
    PERMANENT(0x40),
    TRANSIENT(0x80),
    PERSISTENT(0x81);

    /** The types by their octet. */
    private static final TpmHt[] BY_OCTET = new TpmHt[256];

    static {
        for (TpmHt h : values()) {
            BY_OCTET[h.value] = h;
        }
    }

    private final int value;

    TpmHt(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The first handle of this type. */
    public int first() {
        return value << 24;
    }

    /** True when {@code handle} is of this type. */
    public boolean matches(int handle) {
        return handle >>> 24 == value;
    }

    /** The type of a handle, or null for an undefined type. */
    public static TpmHt of(int handle) {
        return BY_OCTET[handle >>> 24];
    }
}
