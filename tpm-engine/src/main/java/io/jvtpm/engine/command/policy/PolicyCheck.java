package io.jvtpm.engine.command.policy;

import io.jvtpm.engine.command.Tickets;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.PolicyState;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmaNv;
import java.security.MessageDigest;

/**
 * A policy session authorizing a handle (TPM 2.0 Library Part 1, 19.7; libtpms's
 * CheckPolicyAuthSession, in its order): PolicySecret needs PolicyAuthValue or PolicyPassword
 * (TPM_RC_MODE), the PCRs unchanged since PolicyPCR (TPM_RC_PCR_CHANGED), the policyDigest and
 * its hash equal to the entity's authPolicy (TPM_RC_POLICY_FAIL), the timeout (TPM_RC_EXPIRED),
 * the command code (TPM_RC_POLICY_CC; ADMIN and DUP roles need one), the locality
 * (TPM_RC_LOCALITY), physical presence (TPM_RC_PP), the cpHash, nameHash or templateHash and the
 * NV-written state (TPM_RC_POLICY_FAIL).
 */
public final class PolicyCheck {
    private PolicyCheck() {
    }

    /** What the check needs of the command being authorized. */
    public interface Use {
        TpmCc commandCode();

        /** True when the handle's role is ADMIN or DUP. */
        boolean needsCommandCode();

        int locality();

        byte[] cpHash(HashAlgorithm h);

        /** H(Names of the command's handles). */
        byte[] nameHash(HashAlgorithm h);

        /** H(the template parameter) of Create, CreatePrimary and CreateLoaded, else null. */
        byte[] templateHash(HashAlgorithm h);
    }

    /** The entity's authPolicy and its hash (nameAlg for objects and indices). */
    public record EntityPolicy(byte[] digest, HashAlgorithm alg) {
    }

    /** 0 or the response code, with session number {@code n} (1-based) where the code takes one. */
    public static int check(TpmEngine tpm, AuthSession as, int n, int h, EntityPolicy policy, Use use) {
        PolicyState p = as.policy();
        if (use.commandCode() == TpmCc.POLICY_SECRET && !as.authValueNeeded() && !as.passwordNeeded()) {
            return TpmRc.MODE.session(n);
        }
        if (p.pcrCounter() != 0 && p.pcrCounter() != tpm.pcrs().updateCounter()) {
            return TpmRc.PCR_CHANGED.value();
        }
        if (!MessageDigest.isEqual(as.policyDigest(), policy.digest()) || policy.alg() != as.authHash()) {
            return TpmRc.POLICY_FAIL.session(n);
        }
        if (p.timeout() != 0 && (p.timeout() < tpm.clock().time() || p.epoch() != Tickets.timeEpoch(tpm))) {
            return TpmRc.EXPIRED.session(n);
        }
        if (as.commandCode() != 0) {
            if (as.commandCode() != use.commandCode().value()) {
                return TpmRc.POLICY_CC.session(n);
            }
        } else if (use.needsCommandCode()) {
            return TpmRc.POLICY_FAIL.session(n);
        }
        int loc = p.locality();
        if (loc != 0) {
            int l = use.locality();
            boolean ok = loc < 32 ? (loc & (1 << l)) != 0 : loc == l;
            if (!ok) {
                return TpmRc.LOCALITY.value();
            }
        }
        if (p.ppRequired() && !tpm.platform().signals().physicalPresence()) {
            return TpmRc.PP.session(n);
        }
        if (p.boundHash().length != 0 && !boundHashMatches(p, as.authHash(), use)) {
            return TpmRc.POLICY_FAIL.session(n);
        }
        if (p.checkNvWritten()) {
            NvIndex i = TpmHt.NV_INDEX.matches(h) ? tpm.nvIndices().get(h) : null;
            if (i == null || i.has(TpmaNv.WRITTEN) != p.nvWrittenState()) {
                return TpmRc.POLICY_FAIL.session(n);
            }
        }
        return 0;
    }

    private static boolean boundHashMatches(PolicyState p, HashAlgorithm h, Use use) {
        byte[] actual = switch (p.hashKind()) {
            case CP_HASH -> use.cpHash(h);
            case TEMPLATE -> use.templateHash(h);
            default -> use.nameHash(h);
        };
        return actual != null && MessageDigest.isEqual(actual, p.boundHash());
    }
}
