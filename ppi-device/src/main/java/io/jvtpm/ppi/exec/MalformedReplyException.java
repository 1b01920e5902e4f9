package io.jvtpm.ppi.exec;

/** A TPM response the executor cannot parse (TPM 2.0 Library Part 1 section 18). */
final class MalformedReplyException extends Exception {
    MalformedReplyException(String message) {
        super(message);
    }
}
