package io.jvtpm.engine.transport.mssim;

/**
 * The commands of the TCG reference simulator's socket protocol (TpmTcpProtocol.h, as used by
 * tpm2-tss's mssim TCTI): TPM-socket commands and platform-socket signals share one numbering.
 */
public enum MssimCommand {
    SIGNAL_POWER_ON(1),
    SIGNAL_POWER_OFF(2),
    SIGNAL_PHYS_PRES_ON(3),
    SIGNAL_PHYS_PRES_OFF(4),
    SIGNAL_HASH_START(5),
    SIGNAL_HASH_DATA(6),
    SIGNAL_HASH_END(7),
    SEND_COMMAND(8),
    SIGNAL_CANCEL_ON(9),
    SIGNAL_CANCEL_OFF(10),
    SIGNAL_NV_ON(11),
    SIGNAL_NV_OFF(12),
    SIGNAL_KEY_CACHE_ON(13),
    SIGNAL_KEY_CACHE_OFF(14),
    REMOTE_HANDSHAKE(15),
    SIGNAL_RESET(17),
    SIGNAL_RESTART(18),
    SESSION_END(20),
    STOP(21);

    private final int code;

    MssimCommand(int code) {
        this.code = code;
    }

    /** The 32-bit big-endian value on the wire. */
    public int code() {
        return code;
    }

    /** The command for a wire value, or null. */
    public static MssimCommand of(int code) {
        for (MssimCommand c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
