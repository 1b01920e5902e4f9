package io.jvtpm.engine.nv.index;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmaNv;

/**
 * The consistency rules of an NV index's public area (TPM 2.0 Library Part 3, 31.3.1, as
 * NV_DefineSpace checks them), for a state file's indices: a stored index must be one
 * NV_DefineSpace could have made.
 */
final class NvRules {
    private NvRules() {
    }

    /** Why a stored index is impossible, or null when it is well formed. */
    static String checkStored(NvPublic p, byte[] auth, byte[] data) {
        HashAlgorithm h = HashAlgorithm.fromId(p.nameAlg());
        if (!TpmHt.NV_INDEX.matches(p.nvIndex())) {
            return "not an NV index handle";
        }
        if (h == null) {
            return "unknown nameAlg";
        }
        TpmNt t = p.type();
        if (t == null || (p.attributes() & TpmaNv.RESERVED) != 0) {
            return "bad attributes";
        }
        int want = t == TpmNt.ORDINARY ? -1 : t == TpmNt.EXTEND ? h.digestSize() : 8;
        if (p.dataSize() > NvBudget.MAX_NV_INDEX_SIZE || want >= 0 && p.dataSize() != want
                || data.length != p.dataSize()) {
            return "bad size";
        }
        if (p.authPolicy().length != 0 && p.authPolicy().length != h.digestSize() || auth.length > h.digestSize()) {
            return "bad authPolicy or authValue";
        }
        return null;
    }
}
