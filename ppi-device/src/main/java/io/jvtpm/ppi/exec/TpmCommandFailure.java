package io.jvtpm.ppi.exec;

import java.util.Locale;

/**
 * A TPM command the executor sent was refused (a non-zero TPM_RC, TPM 2.0 Library Part 2 section
 * 6.6) or its answer could not be used; the PPI operation then fails with BIOS failure.
 */
final class TpmCommandFailure extends Exception {

    private final int responseCode;

    TpmCommandFailure(String command, int responseCode) {
        super(String.format(Locale.ROOT, "%s answered TPM_RC 0x%03x", command, responseCode));
        this.responseCode = responseCode;
    }

    TpmCommandFailure(String message) {
        super(message);
        this.responseCode = -1;
    }

    /** The TPM's response code, or -1 when the failure was not a response code. */
    int responseCode() {
        return responseCode;
    }
}
