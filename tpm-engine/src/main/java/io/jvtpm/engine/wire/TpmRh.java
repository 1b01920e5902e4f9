package io.jvtpm.engine.wire;

/** TPM_RH permanent handles (TPM 2.0 Library Part 2, 7.4). */
public enum TpmRh {
    OWNER(0x40000001),
    NULL(0x40000007),
    RS_PW(0x40000009),
    LOCKOUT(0x4000000A),
    ENDORSEMENT(0x4000000B),
    PLATFORM(0x4000000C),
    PLATFORM_NV(0x4000000D);

    /** The handles by their offset from the first permanent handle. */
    private static final TpmRh[] BY_OFFSET;

    static {
        int max = 0;
        for (TpmRh h : values()) {
            max = Math.max(max, h.value - TpmHt.PERMANENT.first());
        }
        BY_OFFSET = new TpmRh[max + 1];
        for (TpmRh h : values()) {
            BY_OFFSET[h.value - TpmHt.PERMANENT.first()] = h;
        }
    }

    private final int value;

    TpmRh(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The permanent handle for a value, or null. */
    public static TpmRh of(int v) {
        int offset = v - TpmHt.PERMANENT.first();
        return offset >= 0 && offset < BY_OFFSET.length ? BY_OFFSET[offset] : null;
    }
}
