package io.jvtpm.ppi.op;

/** The persistent PPI flags (TCG PPI 1.3) cannot be read or written. */
public class PpFlagStoreException extends RuntimeException {
    public PpFlagStoreException(String message) {
        super(message);
    }

    public PpFlagStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
