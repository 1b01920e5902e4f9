package io.jvtpm.engine.object;

/** TPMA_OBJECT bits (TPM 2.0 Library Part 2, 8.3). */
public final class ObjectAttributes {
    public static final int FIXED_TPM = 1 << 1;
    public static final int ST_CLEAR = 1 << 2;
    public static final int FIXED_PARENT = 1 << 4;
    public static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
    public static final int USER_WITH_AUTH = 1 << 6;
    public static final int ADMIN_WITH_POLICY = 1 << 7;
    public static final int NO_DA = 1 << 10;
    public static final int ENCRYPTED_DUPLICATION = 1 << 11;
    public static final int RESTRICTED = 1 << 16;
    public static final int DECRYPT = 1 << 17;
    public static final int SIGN = 1 << 18;
    /** Bits that are reserved (bit 0, 3, 8, 9, 12-15, 19-31). */
    public static final int RESERVED = 1 | (1 << 3) | (1 << 8) | (1 << 9) | 0xF000 | 0xFFF80000;

    private ObjectAttributes() {
    }

    public static boolean has(int attributes, int bit) {
        return (attributes & bit) != 0;
    }
}
