package io.jvtpm.ppi.op;

import java.util.Optional;

/**
 * The TCG PPI 1.3 operations for TPM 2.0 that this platform implements (PPI 1.3 section 9,
 * "Physical Presence Interface Operation Summary for TPM 2.0"), with their operation values,
 * their "PP required" rule and whether they take effect only after a reboot. Values not listed
 * here (Enable/Disable, the TurnOn/TurnOff flags, DisableEndorsementEnableStorageHierarchy, the
 * storage-device Block SID operations, vendor operations) are not implemented.
 */
public enum PpiOperation {
    NO_ACTION(0, new PpRequirement.Never(), false),
    CLEAR(5, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CLEAR), true),
    ENABLE_CLEAR(14, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CLEAR), true),
    SET_PP_REQUIRED_FOR_CLEAR_TRUE(17, new PpRequirement.Never(), false),
    SET_PP_REQUIRED_FOR_CLEAR_FALSE(18, new PpRequirement.Always(), false),
    ENABLE_CLEAR_2(21, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CLEAR), true),
    ENABLE_CLEAR_3(22, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CLEAR), true),
    SET_PCR_BANKS(23, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CHANGE_PCRS), true),
    CHANGE_EPS(24, new PpRequirement.WhileFlagSet(PpFlag.PP_REQUIRED_FOR_CHANGE_EPS), true),
    SET_PP_REQUIRED_FOR_CHANGE_PCRS_FALSE(25, new PpRequirement.Always(), false),
    SET_PP_REQUIRED_FOR_CHANGE_PCRS_TRUE(26, new PpRequirement.Never(), false),
    SET_PP_REQUIRED_FOR_CHANGE_EPS_FALSE(31, new PpRequirement.Always(), false),
    SET_PP_REQUIRED_FOR_CHANGE_EPS_TRUE(32, new PpRequirement.Never(), false),
    LOG_ALL_DIGESTS(33, new PpRequirement.Never(), true);

    private final int code;
    private final PpRequirement ppRequirement;
    private final boolean rebootsAfter;

    PpiOperation(int code, PpRequirement ppRequirement, boolean rebootsAfter) {
        this.code = code;
        this.ppRequirement = ppRequirement;
        this.rebootsAfter = rebootsAfter;
    }

    /** The operation value the OS writes (PPRQ). */
    public int code() {
        return code;
    }

    /** When the operation needs the physically present user's confirmation. */
    public PpRequirement ppRequirement() {
        return ppRequirement;
    }

    /** True when the operation changes the TPM in a way that needs a _TPM_Init to take effect. */
    public boolean rebootsAfter() {
        return rebootsAfter;
    }

    /** True when, with {@code flags} in force, the operation needs confirmation. */
    public boolean needsConfirmation(PpFlags flags) {
        return ppRequirement.required(flags);
    }

    /** The implemented operation with that value, if any (any 32-bit value is accepted). */
    public static Optional<PpiOperation> ofCode(long code) {
        for (PpiOperation op : values()) {
            if (op.code == code) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
