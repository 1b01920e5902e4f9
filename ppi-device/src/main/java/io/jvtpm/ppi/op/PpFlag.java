package io.jvtpm.ppi.op;

/**
 * The persistent "physical presence required" flags of TCG PPI 1.3 for TPM 2.0 (the BIOS TPM
 * management flags set and cleared by operations 17/18, 25/26 and 31/32).
 */
public enum PpFlag {
    /** PP required for the clear operations (5, 14, 21, 22). */
    PP_REQUIRED_FOR_CLEAR("clear"),
    /** PP required for SetPCRBanks (23). */
    PP_REQUIRED_FOR_CHANGE_PCRS("change-pcrs"),
    /** PP required for ChangeEPS (24). */
    PP_REQUIRED_FOR_CHANGE_EPS("change-eps");

    private final String key;

    PpFlag(String key) {
        this.key = key;
    }

    /** The name this flag has in the flags file. */
    public String key() {
        return key;
    }

    /** The flag with that file name, or null. */
    public static PpFlag ofKey(String key) {
        for (PpFlag f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }
}
