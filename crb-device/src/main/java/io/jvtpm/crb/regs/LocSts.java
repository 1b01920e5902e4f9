package io.jvtpm.crb.regs;

/** Bits of TPM_LOC_STS_x (PTP section 6.5.3.4, locality status). */
public enum LocSts {
    GRANTED(0), BEEN_SEIZED(1);

    private final int mask;

    LocSts(int bit) {
        this.mask = 1 << bit;
    }

    public int mask() {
        return mask;
    }
}
