package io.jvtpm.engine;

/** Stored TPM state that cannot be used: corrupt, torn, of another version or kind. */
public class TpmStateException extends TpmBackendException {
    public TpmStateException(String message) {
        super(message);
    }

    public TpmStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
