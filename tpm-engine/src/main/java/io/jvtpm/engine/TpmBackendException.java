package io.jvtpm.engine;

/** A failure of a {@link TpmBackend} itself (I/O, a lost peer), never of a command's content. */
public class TpmBackendException extends RuntimeException {
    public TpmBackendException(String message) {
        super(message);
    }

    public TpmBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
