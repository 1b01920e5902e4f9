package io.jvtpm.crb.regs;

/** Bits of TPM_CRB_CTRL_REQ_x (PTP section 6.5.3.7, control area request). */
public enum CtrlReq {
    CMD_READY(0), GO_IDLE(1);

    private final int mask;

    CtrlReq(int bit) {
        this.mask = 1 << bit;
    }

    public int mask() {
        return mask;
    }

    public boolean isSetIn(int value) {
        return (value & mask) != 0;
    }
}
