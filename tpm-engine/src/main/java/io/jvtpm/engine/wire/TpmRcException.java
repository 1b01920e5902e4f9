package io.jvtpm.engine.wire;

/**
 * Ends a command with a response code (TPM 2.0 Library Part 2, 6.6): thrown by unmarshalling and
 * by command actions, caught by the dispatcher, which answers with {@link #rc()}. Never leaves the
 * engine. No stack trace is filled: it is a control-flow signal, not a bug report.
 */
public final class TpmRcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int rc;

    public TpmRcException(int rc) {
        super(null, null, false, false);
        this.rc = rc;
    }

    /** The complete response code (with its handle/session/parameter number when it has one). */
    public int rc() {
        return rc;
    }

    @Override
    public String getMessage() {
        return String.format("TPM_RC 0x%03x", rc);
    }
}
