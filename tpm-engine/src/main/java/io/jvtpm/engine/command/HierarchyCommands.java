package io.jvtpm.engine.command;

import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.util.Arrays;

/**
 * Hierarchy commands (TPM 2.0 Library Part 3, 24): HierarchyChangeAuth, Clear, ClearControl and
 * HierarchyControl.
 */
final class HierarchyCommands {
    private HierarchyCommands() {
    }

    static void hierarchyChangeAuth(Command c) {
        byte[] auth = c.in().tpm2b(HashAlgorithm.MAX_DIGEST);
        c.endParameters();
        int n = auth.length;
        while (n > 0 && auth[n - 1] == 0) {
            n--;
        }
        int h = c.handle(0);
        TpmEngine tpm = c.tpm();
        tpm.hierarchies().setAuthValue(h, Arrays.copyOf(auth, n));
        if (h == TpmRh.PLATFORM.value()) {
            tpm.orderlyLost();
        } else {
            tpm.permanentChanged();
        }
    }

    /**
     * TPM2_SetPrimaryPolicy (Part 3, 24.6): the authPolicy of a hierarchy (an empty one with
     * TPM_ALG_NULL removes it). The platform's lives until the next Startup(CLEAR); the others are
     * permanent.
     */
    static void setPrimaryPolicy(Command c) {
        TpmReader r = c.in();
        byte[] policy = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        HashAlgorithm alg = Structures.readHash(r, true);
        c.endParameters();
        TaggedHash p = policyOf(policy, alg);
        int h = c.handle(0);
        TpmEngine tpm = c.tpm();
        tpm.hierarchies().setAuthPolicy(h, p);
        if (h == TpmRh.PLATFORM.value()) {
            tpm.orderlyLost();
        } else {
            tpm.permanentChanged();
        }
    }

    /** An authPolicy of {@code alg} (parameter 1 of its size: TPM_RC_SIZE), null for TPM_ALG_NULL. */
    static TaggedHash policyOf(byte[] policy, HashAlgorithm alg) {
        if (policy.length != (alg == null ? 0 : alg.digestSize())) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        return alg == null ? null : new TaggedHash(alg, policy);
    }

    static void clear(Command c) {
        c.endParameters();
        TpmEngine tpm = c.tpm();
        if (tpm.hierarchies().disableClear()) {
            throw new TpmRcException(TpmRc.DISABLED.value());
        }
        tpm.clear();
    }

    static void clearControl(Command c) {
        boolean disable = Structures.readYesNo(c.in());
        c.endParameters();
        if (c.handle(0) == TpmRh.LOCKOUT.value() && !disable) {
            throw new TpmRcException(TpmRc.AUTH_FAIL.value());
        }
        c.tpm().hierarchies().setDisableClear(disable);
        c.tpm().permanentChanged();
    }

    static void hierarchyControl(Command c) {
        TpmReader r = c.in();
        int enable = r.u32();
        if (enable != TpmRh.OWNER.value() && enable != TpmRh.ENDORSEMENT.value()
                && enable != TpmRh.PLATFORM.value() && enable != TpmRh.PLATFORM_NV.value()) {
            throw r.fail(TpmRc.VALUE);
        }
        r.param(2);
        boolean state = Structures.readYesNo(r);
        c.endParameters();
        int auth = c.handle(0);
        boolean platform = auth == TpmRh.PLATFORM.value();
        if (!platform && (enable != auth || state)) {
            // owner and endorsement may only disable themselves
            throw new TpmRcException(TpmRc.AUTH_TYPE.value());
        }
        TpmEngine tpm = c.tpm();
        Hierarchies hi = tpm.hierarchies();
        hi.setEnabled(enable, state);
        if (!state && enable != TpmRh.PLATFORM_NV.value()) {
            // objects of a disabled hierarchy are flushed (Part 3, 24.7)
            tpm.flushHierarchy(enable);
        }
        if (enable == TpmRh.PLATFORM_NV.value()) {
            tpm.permanentChanged();
        } else {
            tpm.orderlyLost();
        }
    }
}
