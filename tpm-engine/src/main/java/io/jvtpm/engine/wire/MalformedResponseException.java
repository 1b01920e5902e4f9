package io.jvtpm.engine.wire;

/**
 * A TPM response that is not what TPM 2.0 Library Part 1, 18 and the command's Part 3 section
 * say it is: short, of the wrong size, or with parameters that do not parse.
 */
public final class MalformedResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        super(message);
    }
}
