package io.jvtpm.engine.transport.ptm;

/** The PTM_CAP_* bits CMD_GET_CAPABILITY answers with (swtpm's tpm_ioctl.h). */
public enum PtmCapability {
    INIT(0x0001),
    SHUTDOWN(0x0002),
    GET_TPMESTABLISHED(0x0004),
    SET_LOCALITY(0x0008),
    HASHING(0x0010),
    CANCEL_TPM_CMD(0x0020),
    STORE_VOLATILE(0x0040),
    RESET_TPMESTABLISHED(0x0080),
    GET_STATEBLOB(0x0100),
    SET_STATEBLOB(0x0200),
    STOP(0x0400),
    GET_CONFIG(0x0800),
    SET_DATAFD(0x1000),
    SET_BUFFERSIZE(0x2000),
    GET_INFO(0x4000),
    SEND_COMMAND_HEADER(0x8000);

    private final long bit;

    PtmCapability(long bit) {
        this.bit = bit;
    }

    public long bit() {
        return bit;
    }

    /** The mask of every capability (what swtpm 0.7.1 reports for a TPM 2: 0xffff). */
    public static long all() {
        long m = 0;
        for (PtmCapability c : values()) {
            m |= c.bit;
        }
        return m;
    }
}
