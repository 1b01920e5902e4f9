package io.jvtpm.crb.regs;

/** Fields of TPM_LOC_STATE_x (PTP section 6.5.3.2, locality state). */
public final class LocState {
    /** 1 while no dynamic OS has been established (cleared by _TPM_Hash_End, set by resetEstablishment). */
    public static final int TPM_ESTABLISHED = 1;
    /** A locality is assigned (active). */
    public static final int LOC_ASSIGNED = 1 << 1;
    /** Shift of the 3-bit activeLocality field. */
    public static final int ACTIVE_LOCALITY_SHIFT = 2;
    /** The other bits are valid. */
    public static final int TPM_REG_VALID_STS = 1 << 7;

    private LocState() {
    }

    /** The register value for an active locality (-1 for none) and the tpmEstablishment flag. */
    public static int value(int activeLocality, boolean established) {
        int v = TPM_REG_VALID_STS | (established ? 0 : TPM_ESTABLISHED);
        if (activeLocality >= 0) {
            v |= LOC_ASSIGNED | (activeLocality << ACTIVE_LOCALITY_SHIFT);
        }
        return v;
    }
}
