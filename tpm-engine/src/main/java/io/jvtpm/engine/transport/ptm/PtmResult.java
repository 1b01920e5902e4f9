package io.jvtpm.engine.transport.ptm;

/**
 * The ptm_res values swtpm's control channel answers with: TPM 1.2 return codes
 * (TPM Main Part 2, section 16, as in libtpms' tpm_error.h).
 */
public enum PtmResult {
    SUCCESS(0x00),
    BAD_PARAMETER(0x03),
    FAIL(0x09),
    BAD_ORDINAL(0x0a),
    SIZE(0x17),
    IOERROR(0x1f),
    BAD_LOCALITY(0x3d);

    private final int code;

    PtmResult(int code) {
        this.code = code;
    }

    /** The 32-bit value on the wire. */
    public int code() {
        return code;
    }

    /** The name for a wire value, or its hex form. */
    public static String describe(int code) {
        for (PtmResult r : values()) {
            if (r.code == code) {
                return r.name();
            }
        }
        return String.format("0x%08x", code);
    }
}
