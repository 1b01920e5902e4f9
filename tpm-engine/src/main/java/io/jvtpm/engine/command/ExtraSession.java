package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.TpmRc;
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
        int locked = DaProtection.boundCheck(tpm, as);
        if (locked != 0) {
            return locked;
        }
        return area.hmacMatches(s, command) ? 0 : DaProtection.extraSessionFailed(tpm, s, as);
    }
}
