package io.jvtpm.engine.wire;

/** TPM_NT, the type of an NV index held in TPMA_NV bits 4..7 (TPM 2.0 Library Part 2, 13.4). */
public enum TpmNt {
    ORDINARY(0x0),
    COUNTER(0x1),
    BITS(0x2),
    EXTEND(0x4),
    PIN_FAIL(0x8),
    PIN_PASS(0x9);

    private final int value;

    TpmNt(int value) {
        this.value = value;
    }

    /** The field's value. */
    public int value() {
        return value;
    }

    /** The type with field value {@code v}, or null. */
    public static TpmNt of(int v) {
        for (TpmNt t : values()) {
            if (t.value == v) {
                return t;
            }
        }
        return null;
    }

    /** Counter, bits and PIN indices hold one 8-octet value. */
    public boolean isEightOctets() {
        return this == COUNTER || this == BITS || this == PIN_FAIL || this == PIN_PASS;
    }
}
