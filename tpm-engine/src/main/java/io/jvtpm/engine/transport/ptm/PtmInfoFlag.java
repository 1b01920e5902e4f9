package io.jvtpm.engine.transport.ptm;

/** The SWTPM_INFO_* flags of CMD_GET_INFO (swtpm's tpm_ioctl.h). */
public enum PtmInfoFlag {
    TPM_SPECIFICATION(1),
    TPM_ATTRIBUTES(2);

    private final long bit;

    PtmInfoFlag(long bit) {
        this.bit = bit;
    }

    public long bit() {
        return bit;
    }
}
