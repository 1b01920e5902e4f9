package io.jvtpm.examples.boot.measure;

/** A measurement the TPM refused or the log could not hold (PC Client Platform Firmware Profile section 10); one-line message. */
public final class MeasurementException extends Exception {
    private static final long serialVersionUID = 1L;

    public MeasurementException(String message) {
        super(message);
    }
}
