package io.jvtpm.engine.wire;

/** Unmarshalling of the interface types (TPMI_*, TPM 2.0 Library Part 2, 9) that commands share. */
public final class Structures {
    /** TPM_GENERATED_VALUE (Part 2, 6.2): the first word of every TPMS_ATTEST. */
    public static final int TPM_GENERATED_VALUE = 0xFF544347;
    /** MAX_DIGEST_BUFFER / TPM2B_MAX_BUFFER size. */
    public static final int MAX_BUFFER = 1024;
    /** TPM2B_EVENT size. */
    public static final int MAX_EVENT = 1024;
    /** TPM2B_SENSITIVE_DATA size (MAX_SYM_DATA). */
    public static final int MAX_SYM_DATA = 128;

    private Structures() {
    }

    /** True when {@code data[off, off+len)} begins with TPM_GENERATED_VALUE (Part 1, 11.4.6.3: no ticket then). */
    public static boolean beginsWithGenerated(byte[] data, int off, int len) {
        return len >= 4 && TpmWire.u32(data, off) == TPM_GENERATED_VALUE;
    }

    /** TPMI_ALG_HASH(+): TPM_RC_HASH for anything else; null for TPM_ALG_NULL when allowed. */
    public static HashAlgorithm readHash(TpmReader r, boolean allowNull) {
        int id = r.u16();
        HashAlgorithm h = HashAlgorithm.fromId(id);
        if (h == null) {
            if (allowNull && id == TpmAlgId.NULL.value()) {
                return null;
            }
            throw r.fail(TpmRc.HASH);
        }
        return h;
    }

    /** TPMI_RH_HIERARCHY+: owner, endorsement, platform, or NULL; TPM_RC_VALUE otherwise. */
    public static int readHierarchyOrNull(TpmReader r) {
        int h = r.u32();
        if (h != TpmRh.OWNER.value() && h != TpmRh.ENDORSEMENT.value() && h != TpmRh.PLATFORM.value()
                && h != TpmRh.NULL.value()) {
            throw r.fail(TpmRc.VALUE);
        }
        return h;
    }

    /** TPMI_YES_NO: TPM_RC_VALUE for anything but 0 or 1. */
    public static boolean readYesNo(TpmReader r) {
        int b = r.u8();
        if (b > 1) {
            throw r.fail(TpmRc.VALUE);
        }
        return b == 1;
    }
}
