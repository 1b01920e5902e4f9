package io.jvtpm.engine.transport.ptm;

/**
 * The commands of swtpm's control channel (swtpm's tpm_ioctl.h, CMD_*), with the size of the
 * fixed request body that follows the 4-byte big-endian command code.
 */
public enum PtmCommand {
    GET_CAPABILITY(1, 0),
    INIT(2, 4),
    SHUTDOWN(3, 0),
    GET_TPMESTABLISHED(4, 0),
    SET_LOCALITY(5, 1),
    HASH_START(6, 0),
    /** uint32 length, then that many bytes. */
    HASH_DATA(7, 4),
    HASH_END(8, 0),
    CANCEL_TPM_CMD(9, 0),
    STORE_VOLATILE(10, 0),
    RESET_TPMESTABLISHED(11, 1),
    /** uint32 state_flags, uint32 type, uint32 offset. */
    GET_STATEBLOB(12, 12),
    /** uint32 state_flags, uint32 type, uint32 length, then that many bytes. */
    SET_STATEBLOB(13, 12),
    STOP(14, 0),
    GET_CONFIG(15, 0),
    /** The descriptor travels as SCM_RIGHTS ancillary data. */
    SET_DATAFD(16, 0),
    SET_BUFFERSIZE(17, 4),
    /** uint64 flags, uint32 offset, uint32 pad. */
    GET_INFO(18, 16);

    private static final PtmCommand[] BY_CODE = new PtmCommand[19];

    static {
        for (PtmCommand c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final int requestSize;

    PtmCommand(int code, int requestSize) {
        this.code = code;
        this.requestSize = requestSize;
    }

    /** The CMD_* number on the wire. */
    public int code() {
        return code;
    }

    /** Bytes of fixed request body after the command code (before any variable data). */
    public int requestSize() {
        return requestSize;
    }

    /** The command for a wire code, or null when swtpm does not know it. */
    public static PtmCommand of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
