package io.jvtpm.tis.register;

/** Fields of TPM_STS_x (PC Client Platform TPM Profile for TPM 2.0, FIFO interface). */
public final class Sts {
    /** Write 1: the TPM resends the response from its start. */
    public static final int RESPONSE_RETRY = 1 << 1;
    /** Read: TPM2_SelfTest has completed. */
    public static final int SELF_TEST_DONE = 1 << 2;
    /** Read: the TPM expects more command bytes (valid when stsValid). */
    public static final int EXPECT = 1 << 3;
    /** Read: response bytes are available in the FIFO (valid when stsValid). */
    public static final int DATA_AVAIL = 1 << 4;
    /** Write 1: execute the command in the FIFO. */
    public static final int TPM_GO = 1 << 5;
    /** Read: the TPM is ready for a command. Write 1: abort / make ready. */
    public static final int COMMAND_READY = 1 << 6;
    /** Read: dataAvail and Expect are valid. */
    public static final int STS_VALID = 1 << 7;
    /** Position of the 16-bit burstCount field. */
    public static final int BURST_COUNT_SHIFT = 8;
    /** Mask of burstCount in place. */
    public static final int BURST_COUNT_MASK = 0xFFFF << BURST_COUNT_SHIFT;
    /** Write 1: cancel the command now executing (TPM 2.0). */
    public static final int COMMAND_CANCEL = 1 << 24;
    /** Write 1 from locality 3 or 4: clear tpmEstablishment (TPM 2.0). */
    public static final int RESET_ESTABLISHMENT_BIT = 1 << 25;
    /** tpmFamily field, bits 27:26; 01 = TPM 2.0. */
    public static final int TPM_FAMILY_MASK = 3 << 26;
    /** tpmFamily value of a TPM 2.0. */
    public static final int TPM_FAMILY_2_0 = 1 << 26;

    private Sts() {
    }
}
