package io.jvtpm.engine.wire;

/** TPMA_NV, the attributes of an NV index (TPM 2.0 Library Part 2, 13.4), and its TPM_NT field. */
public final class TpmaNv {
    public static final int PPWRITE = 1;
    public static final int OWNERWRITE = 1 << 1;
    public static final int AUTHWRITE = 1 << 2;
    public static final int POLICYWRITE = 1 << 3;
    /** Bits 4..7: the index type, a {@link TpmNt}. */
    public static final int TPM_NT_SHIFT = 4;
    public static final int TPM_NT_MASK = 0xF << TPM_NT_SHIFT;
    public static final int POLICY_DELETE = 1 << 10;
    public static final int WRITELOCKED = 1 << 11;
    public static final int WRITEALL = 1 << 12;
    public static final int WRITEDEFINE = 1 << 13;
    public static final int WRITE_STCLEAR = 1 << 14;
    public static final int GLOBALLOCK = 1 << 15;
    public static final int PPREAD = 1 << 16;
    public static final int OWNERREAD = 1 << 17;
    public static final int AUTHREAD = 1 << 18;
    public static final int POLICYREAD = 1 << 19;
    public static final int NO_DA = 1 << 25;
    public static final int ORDERLY = 1 << 26;
    public static final int CLEAR_STCLEAR = 1 << 27;
    public static final int READLOCKED = 1 << 28;
    public static final int WRITTEN = 1 << 29;
    public static final int PLATFORMCREATE = 1 << 30;
    public static final int READ_STCLEAR = 1 << 31;
    /** Bits 8, 9 and 20..24: reserved, must be clear. */
    public static final int RESERVED = 0x01F00300;

    private TpmaNv() {
    }

    /** The attributes {@code attributes} with the index type {@code type}. */
    public static int withType(int attributes, TpmNt type) {
        return (attributes & ~TPM_NT_MASK) | type.value() << TPM_NT_SHIFT;
    }

    /** The TPM_NT field of {@code attributes}, or null for a value Part 2 does not define. */
    public static TpmNt type(int attributes) {
        return TpmNt.of((attributes & TPM_NT_MASK) >>> TPM_NT_SHIFT);
    }
}
