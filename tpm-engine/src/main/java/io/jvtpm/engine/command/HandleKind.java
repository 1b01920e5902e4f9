package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRh;

/**
 * The interface type (TPMI_*) of a command handle (TPM 2.0 Library Part 2, 9): which handle
 * values unmarshal. A value outside the type is TPM_RC_VALUE for that handle.
 */
public enum HandleKind {
    /** TPMI_DH_PCR. */
    DH_PCR,
    /** TPMI_DH_PCR+ (TPM_RH_NULL allowed). */
    DH_PCR_OR_NULL,
    /** TPMI_DH_OBJECT: a transient handle within the object slots, or a persistent handle. */
    DH_OBJECT,
    /** TPMI_RH_HIERARCHY_AUTH: owner, endorsement, platform, lockout. */
    RH_HIERARCHY_AUTH,
    /** TPMI_RH_HIERARCHY: owner, endorsement, platform. */
    RH_HIERARCHY,
    /** TPMI_RH_PLATFORM. */
    RH_PLATFORM,
    /** TPMI_RH_PROVISION: owner or platform. */
    RH_PROVISION,
    /** TPMI_RH_CLEAR: lockout or platform. */
    RH_CLEAR,
    /** TPMI_RH_LOCKOUT. */
    RH_LOCKOUT,
    /** TPMI_RH_HIERARCHY+: owner, endorsement, platform or NULL. */
    RH_HIERARCHY_OR_NULL,
    /** TPMI_DH_OBJECT+: an object handle or TPM_RH_NULL. */
    DH_OBJECT_OR_NULL,
    /** TPMI_DH_CONTEXT: a transient object or a session. */
    DH_CONTEXT,
    /** TPMI_RH_ENDORSEMENT. */
    RH_ENDORSEMENT,
    /** TPMI_DH_ENTITY+: a hierarchy, object, NV index or PCR handle, or TPM_RH_NULL. */
    DH_ENTITY_OR_NULL,
    /** TPMI_DH_ENTITY: a hierarchy, object, NV index or PCR handle. */
    DH_ENTITY,
    /** TPMI_DH_PARENT+: a hierarchy (owner, endorsement, platform, NULL) or an object. */
    DH_PARENT_OR_NULL,
    /** TPMI_SH_POLICY: a policy session. */
    SH_POLICY,
    /** TPMI_SH_HMAC: an HMAC session. */
    SH_HMAC,
    /** TPMI_RH_NV_AUTH: owner, platform or an NV index. */
    RH_NV_AUTH,
    /** TPMI_RH_NV_INDEX: an NV index. */
    RH_NV_INDEX;

    /** True when {@code h} is a value of this type. */
    public boolean accepts(int h) {
        return switch (this) {
            case DH_PCR -> h >= 0 && h < PcrAttributes.COUNT;
            case DH_PCR_OR_NULL -> (h >= 0 && h < PcrAttributes.COUNT) || h == TpmRh.NULL.value();
            case DH_OBJECT -> (TpmHt.TRANSIENT.matches(h) && h - TpmHt.TRANSIENT.first() < TpmEngine.OBJECT_SLOTS)
                    || TpmHt.PERSISTENT.matches(h);
            case RH_HIERARCHY_AUTH -> h == TpmRh.OWNER.value() || h == TpmRh.ENDORSEMENT.value()
                    || h == TpmRh.PLATFORM.value() || h == TpmRh.LOCKOUT.value();
            case RH_HIERARCHY -> h == TpmRh.OWNER.value() || h == TpmRh.ENDORSEMENT.value()
                    || h == TpmRh.PLATFORM.value();
            case RH_PLATFORM -> h == TpmRh.PLATFORM.value();
            case RH_PROVISION -> h == TpmRh.OWNER.value() || h == TpmRh.PLATFORM.value();
            case RH_CLEAR -> h == TpmRh.LOCKOUT.value() || h == TpmRh.PLATFORM.value();
            case RH_LOCKOUT -> h == TpmRh.LOCKOUT.value();
            case RH_HIERARCHY_OR_NULL -> RH_HIERARCHY.accepts(h) || h == TpmRh.NULL.value();
            case DH_OBJECT_OR_NULL -> DH_OBJECT.accepts(h) || h == TpmRh.NULL.value();
            case RH_ENDORSEMENT -> h == TpmRh.ENDORSEMENT.value();
            case SH_POLICY -> TpmHt.POLICY_SESSION.matches(h);
            case SH_HMAC -> TpmHt.HMAC_SESSION.matches(h);
            case DH_PARENT_OR_NULL -> RH_HIERARCHY_OR_NULL.accepts(h) || DH_OBJECT.accepts(h);
            case DH_ENTITY_OR_NULL -> RH_HIERARCHY_AUTH.accepts(h) || DH_OBJECT_OR_NULL.accepts(h) || DH_PCR.accepts(h)
                    || TpmHt.NV_INDEX.matches(h);
            case DH_ENTITY -> DH_ENTITY_OR_NULL.accepts(h) && h != TpmRh.NULL.value();
            case RH_NV_AUTH -> RH_PROVISION.accepts(h) || TpmHt.NV_INDEX.matches(h);
            case RH_NV_INDEX -> TpmHt.NV_INDEX.matches(h);
            case DH_CONTEXT -> DH_OBJECT.accepts(h) && TpmHt.TRANSIENT.matches(h) || TpmHt.HMAC_SESSION.matches(h)
                    || TpmHt.POLICY_SESSION.matches(h);
        };
    }
}
