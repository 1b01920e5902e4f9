package io.jvtpm.tis.register;

/** Bits of TPM_ACCESS_x (PC Client Platform TPM Profile for TPM 2.0, FIFO interface). */
public final class Access {
    /** 1 = no dynamic OS (H-CRTM) has been established since the flag was last reset. */
    public static final int TPM_ESTABLISHMENT = 1;
    /** Write 1: this locality asks to become active. Read: the request is pending. */
    public static final int REQUEST_USE = 1 << 1;
    /** Read: some other locality has a request pending. */
    public static final int PENDING_REQUEST = 1 << 2;
    /** Write 1: take the TPM from a lower locality (reads 0). */
    public static final int SEIZE = 1 << 3;
    /** Read: this locality lost the TPM to a seize; write 1 to clear. */
    public static final int BEEN_SEIZED = 1 << 4;
    /** Read: this locality is active. Write 1: relinquish it. */
    public static final int ACTIVE_LOCALITY = 1 << 5;
    /** Read: the other bits of this register are valid. */
    public static final int TPM_REG_VALID_STS = 1 << 7;

    private Access() {
    }
}
