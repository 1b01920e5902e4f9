package io.jvtpm.ppi.page;

/**
 * The status of an operation, as TCG PPI 1.3 section 8 "Get User Confirmation Status for
 * Operation" (function 8) returns it, and as bits 0-2 of {@code func[]} hold it.
 */
public enum PpiFuncStatus {
    /** The platform does not implement the operation. */
    NOT_IMPLEMENTED(0),
    /** Only the platform firmware may request the operation. */
    BIOS_ONLY(1),
    /** The current platform settings block the operation. */
    BLOCKED(2),
    /** Allowed; the physically present user must confirm it. */
    ALLOWED_PP_REQUIRED(3),
    /** Allowed without asking the physically present user. */
    ALLOWED_PP_NOT_REQUIRED(4);

    private final int code;

    PpiFuncStatus(int code) {
        this.code = code;
    }

    /** The value of function 8 and of func[] bits 0-2. */
    public int code() {
        return code;
    }

    /** The status with that code, or null. */
    public static PpiFuncStatus ofCode(int code) {
        for (PpiFuncStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
