package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaSession;

/**
 * One session of a command's authorization area as the fuzzer means it (TPM 2.0 Library Part 1,
 * 19.6): a password, an HMAC session (its HMAC computed when the command is built), or a policy
 * session whose policy alone authorizes (no HMAC) unless PolicyAuthValue asked for one.
 *
 * @param session     the client's session, null for TPM_RS_PW
 * @param attributes  TPMA_SESSION
 * @param password    the password for TPM_RS_PW
 * @param authValue   the authValue of the entity the session authorizes (null: no entity)
 * @param withHmac    false for a policy session without PolicyAuthValue (empty HMAC)
 * @param wrongHmac   true to send a deliberately wrong HMAC or password
 */
record Auth(ClientSession session, int attributes, byte[] password, byte[] authValue, boolean withHmac,
        boolean wrongHmac) {

    static Auth password(byte[] password) {
        return new Auth(null, TpmaSession.CONTINUE_SESSION, password, password, false, false);
    }

    static Auth empty() {
        return password(new byte[0]);
    }

    /** An HMAC session authorizing an entity with {@code authValue}. */
    static Auth hmac(ClientSession s, int attributes, byte[] authValue) {
        return new Auth(s, attributes, null, authValue, true, false);
    }

    /** A session that authorizes no handle (decrypt/encrypt/audit only). */
    static Auth extra(ClientSession s, int attributes) {
        return new Auth(s, attributes, null, null, true, false);
    }

    /** A policy session; {@code authValue} non-null when PolicyAuthValue asked for the HMAC. */
    static Auth policy(ClientSession s, byte[] authValue) {
        return new Auth(s, TpmaSession.CONTINUE_SESSION, null, authValue, authValue != null, false);
    }

    int handle() {
        return session == null ? TpmRh.RS_PW.value() : session.handle();
    }

    Auth withAttributes(int a) {
        return new Auth(session, a, password, authValue, withHmac, wrongHmac);
    }

    Auth wrong() {
        return new Auth(session, attributes, password, authValue, withHmac, true);
    }
}
