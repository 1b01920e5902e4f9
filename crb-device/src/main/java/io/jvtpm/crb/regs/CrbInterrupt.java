package io.jvtpm.crb.regs;

/**
 * The interrupt sources of TPM_CRB_INT_ENABLE_x / TPM_CRB_INT_STS_x (PTP section 6.5.3.11-12);
 * bit 31 of INT_ENABLE is the global enable.
 */
public enum CrbInterrupt {
    /** CTRL_START went back to 0: the response is in the buffer. */
    START(0),
    /** A cmdReady request completed. */
    CMD_READY(1),
    /** The tpmEstablishment flag was reset. */
    ESTABLISHMENT_CLEAR(2),
    /** The active locality changed. */
    LOC_CHANGED(3);

    /** Bit 31 of TPM_CRB_INT_ENABLE_x. */
    public static final int GLOBAL_ENABLE = 1 << 31;
    /** Every source bit. */
    public static final int SOURCES = 0xF;

    private final int mask;

    CrbInterrupt(int bit) {
        this.mask = 1 << bit;
    }

    public int mask() {
        return mask;
    }
}
