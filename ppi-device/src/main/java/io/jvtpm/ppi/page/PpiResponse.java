package io.jvtpm.ppi.page;

/**
 * The values the platform leaves in PPRP for the last operation (TCG PPI 1.3 function 5, "Return
 * TPM Operation Response to OS Environment").
 */
public enum PpiResponse {
    /** The operation ran. */
    SUCCESS(0x0000_0000L),
    /** The user (here: the host operator or the host policy) declined the operation. */
    USER_ABORT(0xFFFF_FFF0L),
    /** The platform could not run the operation (unsupported, invalid, or the TPM refused). */
    BIOS_FAILURE(0xFFFF_FFF1L);

    private final long code;

    PpiResponse(long code) {
        this.code = code;
    }

    /** The 32-bit PPRP value. */
    public long code() {
        return code;
    }
}
