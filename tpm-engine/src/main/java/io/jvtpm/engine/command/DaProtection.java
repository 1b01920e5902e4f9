package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaNv;

/**
 * Dictionary-attack protection of one authorization (TPM 2.0 Library Part 1, 19.8; libtpms'
 * IsDAExempted, CheckLockedOut and IncrementLockout): which entities are protected, the lockout
 * check before an authValue is used, and what a failed authorization counts. Objects are
 * protected unless TPMA_OBJECT noDA is set, NV indices unless TPMA_NV_NO_DA is; of the permanent handles only TPM_RH_LOCKOUT; PCRs
 * and sequence objects never. A session bound to a protected entity is protected however it is
 * used.
 */
final class DaProtection {
    private DaProtection() {
    }

    /** True when {@code h} is exempt from dictionary-attack protection. */
    static boolean exempt(TpmEngine tpm, int h) {
        if (TpmHt.PERMANENT.matches(h)) {
            return h != TpmRh.LOCKOUT.value();
        }
        if (TpmHt.TRANSIENT.matches(h) || TpmHt.PERSISTENT.matches(h)) {
            LoadedObject o = tpm.loaded(h);
            // a sequence object is exempt
            return o == null || o.has(ObjectAttributes.NO_DA);
        }
        if (TpmHt.NV_INDEX.matches(h)) {
            NvIndex i = tpm.nvIndices().get(h);
            return i == null || i.has(TpmaNv.NO_DA);
        }
        return true;
    }

    /**
     * True when {@code as} was started bound to an entity subject to DA protection (isDaBound,
     * judged at StartAuthSession by the rule of {@link #exempt}).
     */
    static boolean daBound(AuthSession as) {
        return as.isDaBound();
    }

    /** A session bound to a DA-protected entity is locked out with it, however it is used: 0, TPM_RC_LOCKOUT or TPM_RC_RETRY. */
    static int boundCheck(TpmEngine tpm, AuthSession as) {
        return daBound(as) ? checkLockedOut(tpm, lockoutBound(as)) : 0;
    }

    /** isLockoutBound: bound to TPM_RH_LOCKOUT. */
    static boolean lockoutBound(AuthSession as) {
        return as.boundHandle() == TpmRh.LOCKOUT.value();
    }

    /**
     * Before an authValue authorizes {@code h} ({@code authUsed}: the authValue takes part, as a
     * password, an HMAC key of an unbound session or PolicyAuthValue/PolicyPassword): 0, or
     * TPM_RC_LOCKOUT when its protection is locked out, or TPM_RC_RETRY the first time in a cycle.
     */
    static int checkBeforeUse(TpmEngine tpm, int h, boolean authUsed) {
        if (!authUsed || exempt(tpm, h)) {
            return 0;
        }
        return checkLockedOut(tpm, h == TpmRh.LOCKOUT.value());
    }

    /** CheckLockedOut: 0, TPM_RC_LOCKOUT or TPM_RC_RETRY. */
    static int checkLockedOut(TpmEngine tpm, boolean lockoutAuth) {
        return switch (tpm.dictionaryAttack().check(lockoutAuth)) {
            case ALLOWED -> 0;
            case LOCKOUT -> TpmRc.LOCKOUT.value();
            case RETRY -> {
                tpm.dictionaryAttackInUse();
                yield TpmRc.RETRY.value();
            }
        };
    }

    /**
     * A failed authorization of {@code h} through session {@code s} (0-based; {@code as} null for
     * a password, {@code authUsed} as for {@link #checkBeforeUse}): TPM_RC_AUTH_FAIL when it
     * counts against DA protection, else TPM_RC_BAD_AUTH.
     */
    static int failed(TpmEngine tpm, int s, AuthSession as, int h, boolean authUsed) {
        int entity = h;
        if (as != null) {
            if (lockoutBound(as)) {
                entity = TpmRh.LOCKOUT.value();
            }
            if (!daBound(as) && (exempt(tpm, entity) || !authUsed)) {
                return TpmRc.BAD_AUTH.session(s + 1);
            }
        } else if (exempt(tpm, entity)) {
            return TpmRc.BAD_AUTH.session(s + 1);
        }
        tpm.dictionaryAttackFailure(entity == TpmRh.LOCKOUT.value());
        return TpmRc.AUTH_FAIL.session(s + 1);
    }

    /**
     * A failed HMAC of session {@code s} that authorizes no handle: TPM_RC_AUTH_FAIL, counted
     * against its bound entity, when the session is DA-bound; else TPM_RC_BAD_AUTH.
     */
    static int extraSessionFailed(TpmEngine tpm, int s, AuthSession as) {
        if (!daBound(as)) {
            return TpmRc.BAD_AUTH.session(s + 1);
        }
        tpm.dictionaryAttackFailure(lockoutBound(as));
        return TpmRc.AUTH_FAIL.session(s + 1);
    }
}
