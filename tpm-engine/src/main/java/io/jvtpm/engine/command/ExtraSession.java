package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaSession;

/**
 * A session of the authorization area that authorizes no handle (TPM 2.0 Library Part 1, 19.6.5
 * and 21; libtpms's ParseSessionBuffer for such sessions): it must decrypt, encrypt or audit
 * (else TPM_RC_ATTRIBUTES), and its HMAC, keyed with the sessionKey alone, must verify: a
 * mismatch is TPM_RC_BAD_AUTH, or TPM_RC_AUTH_FAIL when the session was bound to an entity that
 * dictionary-attack protection covered, each with the session number.
 */
final class ExtraSession {
    private ExtraSession() {
    }

    /** Checks session {@code s} of {@code area}, loaded as {@code as}; 0 or the response code. */
    static int check(TpmEngine tpm, AuthorizationArea area, int s, AuthSession as, byte[] command) {
        SessionEntry e = area.entry(s);
        if ((e.attributes() & (TpmaSession.DECRYPT | TpmaSession.ENCRYPT | TpmaSession.AUDIT)) == 0) {
            return TpmRc.ATTRIBUTES.session(s + 1);
        }
        int bound = as.boundHandle();
        boolean lockoutBound = bound == TpmRh.LOCKOUT.value();
        if (lockoutBound && !tpm.hierarchies().lockoutAuthAvailable()) {
            return TpmRc.LOCKOUT.value();
        }
        if (area.hmacMatches(s, command)) {
            return 0;
        }
        if (lockoutBound) {
            // a session bound to lockoutAuth: its failure counts as a lockoutAuth failure
            tpm.hierarchies().lockoutFailed(tpm.clock().clock());
            tpm.permanentChanged();
            return TpmRc.AUTH_FAIL.session(s + 1);
        }
        if (as.isDaBound()) {
            return TpmRc.AUTH_FAIL.session(s + 1);
        }
        return TpmRc.BAD_AUTH.session(s + 1);
    }
}
