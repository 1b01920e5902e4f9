package io.jvtpm.crb.regs;

/** Bits of TPM_CRB_CTRL_STS_x (PTP section 6.5.3.8, control area status). */
public enum CtrlSts {
    /** tpmSts: a fatal error; stays set until the platform is reset. */
    TPM_STS(0),
    /** tpmIdle: the TPM is in the Idle state. */
    TPM_IDLE(1);

    private final int mask;

    CtrlSts(int bit) {
        this.mask = 1 << bit;
    }

    public int mask() {
        return mask;
    }
}
