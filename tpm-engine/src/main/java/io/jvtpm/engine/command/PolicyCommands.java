package io.jvtpm.engine.command;

import io.jvtpm.engine.command.policy.PolicyCheck;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaNv;
import java.util.List;

/**
 * What the policy commands of {@code command.policy} (TPM 2.0 Library Part 3, 23) take from the
 * command layer: the policy session of a handle, the Name and hierarchy of an entity, and NV
 * read access (NvReadAccessChecks) for PolicyNV and PolicyAuthorizeNV.
 */
public final class PolicyCommands {
    private PolicyCommands() {
    }

    /** The policy or trial session at handle {@code i} (0-based); an HMAC session is TPM_RC_AUTH_TYPE. */
    public static AuthSession session(Command c, int i) {
        AuthSession s = c.tpm().sessions().get(c.handle(i));
        if (s == null) {
            throw new TpmRcException(TpmRc.REFERENCE_H0.value() + i);
        }
        if (!s.isPolicy()) {
            throw new TpmRcException(TpmRc.AUTH_TYPE.handle(i + 1));
        }
        return s;
    }

    /** The Name of entity {@code h} (an object's or NV index's Name, else the handle). */
    public static byte[] name(TpmEngine tpm, int h) {
        return AuthorizationArea.name(tpm, h);
    }

    /** EntityGetHierarchy: the hierarchy whose proof signs a ticket about entity {@code h}. */
    public static int hierarchy(TpmEngine tpm, int h) {
        if (TpmHt.NV_INDEX.matches(h)) {
            NvIndex i = tpm.nvIndices().get(h);
            return i != null && i.has(TpmaNv.PLATFORMCREATE) ? TpmRh.PLATFORM.value() : TpmRh.OWNER.value();
        }
        if (TpmHt.PERMANENT.matches(h)) {
            if (h == TpmRh.PLATFORM.value() || h == TpmRh.ENDORSEMENT.value() || h == TpmRh.NULL.value()) {
                return h;
            }
            return TpmRh.OWNER.value();
        }
        LoadedObject o = tpm.loaded(h);
        return o != null ? o.hierarchy() : TpmRh.OWNER.value();
    }

    /** The NV index at handle {@code nv}, readable with the authorization of handle {@code auth}. */
    public static NvIndex readableIndex(Command c, int auth, int nv) {
        NvIndex i = NvAccess.index(c, nv);
        NvAccess.require(NvAccess.readCheck(c.handle(auth), i));
        return i;
    }

    /** H_h(the current values of the selected, allocated PCRs in selection order). */
    public static byte[] pcrDigest(TpmEngine tpm, HashAlgorithm h, List<PcrSelection> sel) {
        return ObjectSupport.pcrDigest(tpm, h, ObjectSupport.allocated(tpm, sel));
    }

    /** The authPolicy of a hierarchy or PCR (SetPrimaryPolicy, PCR_SetAuthPolicy); an empty one for none. */
    public static PolicyCheck.EntityPolicy authPolicy(TpmEngine tpm, int h) {
        TaggedHash p = TpmHt.PERMANENT.matches(h) ? tpm.hierarchies().authPolicy(h)
                : TpmHt.PCR.matches(h) ? tpm.pcrs().authPolicy(h) : null;
        return p == null ? new PolicyCheck.EntityPolicy(new byte[0], null) : new PolicyCheck.EntityPolicy(p.digest(), p.alg());
    }

    /**
     * IsAuthPolicyAvailable for all but NV indices: a hierarchy with an authPolicy, a PCR of the
     * policy group, an object with its sensitive area (no sequence).
     */
    public static boolean policyAvailable(TpmEngine tpm, int h) {
        if (TpmHt.PERMANENT.matches(h)) {
            return tpm.hierarchies().authPolicy(h) != null;
        }
        if (TpmHt.PCR.matches(h)) {
            return PcrAttributes.inAuthGroup(h);
        }
        LoadedObject o = tpm.loaded(h);
        return o != null && o.sensitive() != null;
    }

    /** True for an NV index with the PIN-pass type (no tickets from PolicySecret). */
    public static boolean isPinPass(TpmEngine tpm, int h) {
        NvIndex i = TpmHt.NV_INDEX.matches(h) ? tpm.nvIndices().get(h) : null;
        return i != null && i.type() == io.jvtpm.engine.wire.TpmNt.PIN_PASS;
    }
}
