package io.jvtpm.crb.regs;

/** Bits of TPM_LOC_CTRL_x (PTP section 6.5.3.3, locality control). */
public enum LocCtrl {
    REQUEST_ACCESS(0), RELINQUISH(1), SEIZE(2), RESET_ESTABLISHMENT(3);

    private final int mask;

    LocCtrl(int bit) {
        this.mask = 1 << bit;
    }

    public int mask() {
        return mask;
    }

    public boolean isSetIn(int value) {
        return (value & mask) != 0;
    }
}
