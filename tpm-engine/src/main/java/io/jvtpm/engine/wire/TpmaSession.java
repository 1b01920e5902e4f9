package io.jvtpm.engine.wire;

/** TPMA_SESSION bits of a session's attributes octet (TPM 2.0 Library Part 2, 8.4). */
public final class TpmaSession {
    public static final int CONTINUE_SESSION = 0x01;
    public static final int AUDIT_EXCLUSIVE = 0x02;
    public static final int AUDIT_RESET = 0x04;
    /** Bits 3 and 4: reserved, must be clear. */
    public static final int RESERVED = 0x18;
    public static final int DECRYPT = 0x20;
    public static final int ENCRYPT = 0x40;
    public static final int AUDIT = 0x80;

    private TpmaSession() {
    }
}
