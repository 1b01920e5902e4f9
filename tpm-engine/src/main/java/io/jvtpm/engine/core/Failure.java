package io.jvtpm.engine.core;

import io.jvtpm.engine.wire.TpmWire;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Why the TPM entered failure mode (TPM 2.0 Library Part 3, 5.3 "Mode Checks" and 10.4
 * TPM2_GetTestResult): the command that was running and the internal error.
 *
 * @param commandCode the command code being executed, 0 when no command was running
 * @param reason      a one-line description of the internal error (exception type and message)
 */
public record Failure(int commandCode, String reason) {
    /** The most bytes of the reason GetTestResult's outData carries. */
    public static final int MAX_REASON = 120;

    public Failure {
        reason = reason == null ? "" : reason;
    }

    /** The failure an unexpected exception caused while {@code commandCode} ran. */
    public static Failure of(int commandCode, Throwable cause) {
        String msg = cause.getMessage();
        return new Failure(commandCode, cause.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }

    /**
     * GetTestResult's outData in failure mode: the failing command code (4 bytes, big-endian)
     * followed by the reason in printable US-ASCII (anything else as '?'), cut to
     * {@link #MAX_REASON} bytes.
     */
    public byte[] outData() {
        byte[] text = reason.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(text.length, MAX_REASON);
        byte[] out = Arrays.copyOf(TpmWire.u32Bytes(commandCode), 4 + n);
        for (int i = 0; i < n; i++) {
            out[4 + i] = text[i] >= 0x20 && text[i] < 0x7F ? text[i] : (byte) '?';
        }
        return out;
    }
}
