package io.jvtpm.engine.command;

import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.SessionCrypto;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;

/**
 * The authorization area of the running command (TPM 2.0 Library Part 1, 18.6-18.8, 19 and 21;
 * Part 3, 5.6-5.8): parsing its sessions into {@link SessionEntry} values, checking each
 * authorized handle against its password, HMAC or policy session, decrypting the first
 * parameter, and the response sessions with their nonces, parameter encryption and HMACs.
 * Reused between commands; not thread-safe.
 */
final class AuthorizationArea {
    /** MAX_SESSION_NUM. */
    static final int MAX_SESSIONS = 3;

    private final TpmEngine tpm;
    private final Command cmd;
    /** The sessions of the running command: the first {@link #count}. */
    private final SessionEntry[] area = new SessionEntry[MAX_SESSIONS];
    private int count;
    private int paramStart;

    AuthorizationArea(TpmEngine tpm, Command cmd) {
        this.tpm = tpm;
        this.cmd = cmd;
    }

    /** A command without an authorization area. */
    void none() {
        count = 0;
    }

    /**
     * ParseSessionBuffer: the sessions between the reader's position and its limit, each checked;
     * {@code paramStart} is where the parameters begin (for cpHash and parameter decryption).
     */
    void parse(int paramStart) {
        this.paramStart = paramStart;
        count = 0;
        TpmReader in = cmd.in;
        while (in.remaining() > 0) {
            if (count == MAX_SESSIONS) {
                throw new TpmRcException(TpmRc.SIZE.value());
            }
            area[count] = parseSession(in, count);
            count++;
        }
    }

    /** The number of sessions. */
    int count() {
        return count;
    }

    /** One TPMS_AUTH_COMMAND, the {@code n}th (0-based), checked on its own and against those before it. */
    private SessionEntry parseSession(TpmReader in, int n) {
        int idx = n + 1;
        in.session(idx);
        int sh = in.u32();
        boolean pw = sh == TpmRh.RS_PW.value();
        if (!pw && !TpmHt.HMAC_SESSION.matches(sh) && !TpmHt.POLICY_SESSION.matches(sh)) {
            throw new TpmRcException(TpmRc.VALUE.session(idx));
        }
        int nonce = in.size2b(64);
        int nonceAt = in.position();
        in.skip(nonce);
        int attrs = in.u8();
        if ((attrs & TpmaSession.RESERVED) != 0) {
            throw new TpmRcException(TpmRc.RESERVED_BITS.session(idx));
        }
        int hs = in.size2b(64);
        int hmacAt = in.position();
        in.skip(hs);
        AuthSession as = pw ? null : tpm.sessions().get(sh);
        if (!pw && as == null) {
            // policy sessions are not implemented; an HMAC session must be loaded
            throw new TpmRcException(TpmRc.REFERENCE_S0.value() + n);
        }
        boolean audit = (attrs & TpmaSession.AUDIT) != 0;
        if ((attrs & (TpmaSession.AUDIT_EXCLUSIVE | TpmaSession.AUDIT_RESET)) != 0 && !audit) {
            // auditExclusive and auditReset only make sense with audit
            throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
        }
        for (int k = 0; k < n; k++) {
            if (area[k].handle() == sh && !pw) {
                throw new TpmRcException(TpmRc.HANDLE.session(idx));
            }
            if ((area[k].attributes() & attrs & (TpmaSession.DECRYPT | TpmaSession.ENCRYPT)) != 0) {
                // one session decrypts, one encrypts
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
            }
        }
        if (pw) {
            if ((attrs & (TpmaSession.DECRYPT | TpmaSession.ENCRYPT | TpmaSession.AUDIT)) != 0) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
            }
            if (nonce != 0) {
                throw new TpmRcException(TpmRc.NONCE.session(idx));
            }
            return SessionEntry.parsed(sh, nonceAt, nonce, attrs, hmacAt, hs, null);
        }
        if (audit) {
            // command audit is not implemented
            throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
        }
        if ((attrs & (TpmaSession.DECRYPT | TpmaSession.ENCRYPT)) != 0 && as.symKeyBits() == 0) {
            throw new TpmRcException(TpmRc.SYMMETRIC.session(idx));
        }
        if (nonce < 16 || nonce > as.authHash().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.session(idx));
        }
        return SessionEntry.parsed(sh, nonceAt, nonce, attrs, hmacAt, hs, as.sessionKey());
    }

    /**
     * Checks every handle with an authorization role against its session, in order (Part 1,
     * 19.6-19.7); 0 or the response code. A password session left over is TPM_RC_HANDLE.
     */
    int authorize(CommandSpec spec, int nh, byte[] command) {
        int needed = 0;
        for (int i = 0; i < nh; i++) {
            AuthRole role = spec.roles().get(i);
            if (role == AuthRole.NONE) {
                continue;
            }
            if (needed >= count) {
                return TpmRc.AUTH_MISSING.value();
            }
            int rc = authorizeHandle(spec, role, needed++, cmd.handles[i], command);
            if (rc != 0) {
                return rc;
            }
        }
        for (int s = needed; s < count; s++) {
            if (area[s].isPassword()) {
                // a password session must authorize a handle
                return TpmRc.HANDLE.session(s + 1);
            }
            int locked = daBoundCheck(session(area[s]));
            if (locked != 0) {
                return locked;
            }
        }
        return 0;
    }

    /** Session {@code s} authorizing handle {@code h} in {@code role}; 0 or the response code. */
    private int authorizeHandle(CommandSpec spec, AuthRole role, int s, int h, byte[] command) {
        AuthSession as = session(area[s]);
        byte[] expected = authValue(h);
        boolean authUsed = authValueUsed(as, h, expected);
        int locked = daLockoutCheck(as, h, authUsed);
        if (locked != 0) {
            return locked;
        }
        boolean good;
        if (as != null && as.isPolicy()) {
            int policy = policyCheck(spec, s, as, h);
            if (policy != 0) {
                return policy;
            }
            good = policySessionAuthorizes(s, as, h, expected, command);
        } else {
            int unavailable = objectRoleCheck(role, h);
            if (unavailable != 0) {
                return unavailable;
            }
            good = as == null
                    ? passwordMatches(expected, command, area[s].hmacOffset(), area[s].hmacSize())
                    : hmacMatches(s, h, expected, command);
        }
        return good ? 0 : DaProtection.failed(tpm, s, as, h, authUsed);
    }

    /**
     * Whether the authValue of {@code h} takes part in this authorization (libtpms' includeAuth):
     * always for a password; for an HMAC session unless it is bound to {@code h}; for a policy
     * session after PolicyAuthValue or PolicyPassword.
     */
    private static boolean authValueUsed(AuthSession as, int h, byte[] authValue) {
        if (as == null) {
            return true;
        }
        if (as.isPolicy()) {
            return as.authValueNeeded() || as.passwordNeeded();
        }
        return !as.boundTo(h, trim(authValue));
    }

    /** Dictionary-attack lockout before an authorization (Part 1, 19.8): 0, TPM_RC_LOCKOUT or TPM_RC_RETRY. */
    private int daLockoutCheck(AuthSession as, int h, boolean authUsed) {
        int bound = daBoundCheck(as);
        return bound != 0 ? bound : DaProtection.checkBeforeUse(tpm, h, authUsed);
    }

    /** A session bound to a DA-protected entity is locked out with it, however it is used. */
    private int daBoundCheck(AuthSession as) {
        if (as == null || !DaProtection.daBound(tpm, as)) {
            return 0;
        }
        return DaProtection.checkLockedOut(tpm, DaProtection.lockoutBound(as));
    }

    /**
     * A policy session that passed its policy check: PolicyPassword asks for the password,
     * PolicyAuthValue for an HMAC with the authValue, else the policy alone authorizes.
     */
    private boolean policySessionAuthorizes(int s, AuthSession as, int h, byte[] expected, byte[] command) {
        if (as.passwordNeeded()) {
            area[s] = area[s].authorizing(h, as.sessionKey());
            return passwordMatches(expected, command, area[s].hmacOffset(), area[s].hmacSize());
        }
        if (as.authValueNeeded()) {
            return hmacMatches(s, h, expected, command);
        }
        // the response HMAC uses the session key
        area[s] = area[s].authorizing(h, as.sessionKey());
        return true;
    }

    /**
     * A password is a valid authorization of an object only for what its attributes allow
     * (Part 1, 19.7.4): the USER role needs userWithAuth, the ADMIN role needs adminWithPolicy
     * CLEAR, and the DUP role always needs a policy session.
     */
    private int objectRoleCheck(AuthRole role, int h) {
        LoadedObject o = tpm.loaded(h);
        if (o == null) {
            return 0;
        }
        boolean allowed = switch (role) {
            case USER -> o.has(ObjectAttributes.USER_WITH_AUTH);
            case ADMIN -> !o.has(ObjectAttributes.ADMIN_WITH_POLICY);
            case DUP -> false;
            case NONE -> true;
        };
        return allowed ? 0 : TpmRc.AUTH_UNAVAILABLE.value();
    }

    private byte[] authValue(int h) {
        if (TpmHt.PERMANENT.matches(h)) {
            return tpm.hierarchies().authValue(h);
        }
        if (TpmHt.TRANSIENT.matches(h) || TpmHt.PERSISTENT.matches(h)) {
            LoadedObject o = tpm.loaded(h);
            if (o != null) {
                return o.authValue();
            }
            HashSequence s = tpm.object(h);
            return s == null ? new byte[0] : s.authValue();
        }
        // PCRs: no PCR_SetAuthValue here, so their authValue is the Empty Auth
        return new byte[0];
    }

    /**
     * A policy session's authorization (Part 1, 19.7): not a trial session, the command code it
     * was bound to, and its policyDigest equal to the entity's authPolicy (an empty authPolicy,
     * as for hierarchies here, is never satisfied). The DUP role needs PolicyCommandCode.
     */
    private int policyCheck(CommandSpec spec, int s, AuthSession as, int h) {
        if (as.type() == TpmSe.TRIAL) {
            return TpmRc.AUTH_TYPE.session(s + 1);
        }
        int cc = spec.cc().value();
        if (as.commandCode() != 0 && as.commandCode() != cc) {
            return TpmRc.POLICY_CC.session(s + 1);
        }
        LoadedObject o = tpm.loaded(h);
        byte[] authPolicy = o == null ? new byte[0] : o.publicArea().authPolicy();
        if (authPolicy.length == 0 || !java.security.MessageDigest.isEqual(authPolicy, as.policyDigest())) {
            return TpmRc.POLICY_FAIL.session(s + 1);
        }
        return 0;
    }

    /** The loaded session of an entry; null for the password session. */
    private AuthSession session(SessionEntry e) {
        return e.isPassword() ? null : tpm.sessions().get(e.handle());
    }

    /**
     * The Name of a handle for cpHash: an object's Name; empty for a sequence object (its
     * nameAlg is TPM_ALG_NULL); else the handle.
     */
    private byte[] name(int h) {
        LoadedObject o = tpm.loaded(h);
        if (o != null) {
            return o.name();
        }
        if (tpm.object(h) != null) {
            return new byte[0];
        }
        return TpmWire.u32Bytes(h);
    }

    /** The nonceTPM of another session that decrypts ({@code bit} DECRYPT) or encrypts, for session 0's HMAC. */
    private byte[] otherNonce(int s, int sessions, int bit) {
        if (s != 0) {
            return null;
        }
        for (int k = 1; k < sessions; k++) {
            if (area[k].has(bit) && !area[k].isPassword()) {
                return session(area[k]).nonceTpm();
            }
        }
        return null;
    }

    /**
     * Checks an HMAC session's HMAC over cpHash = H(commandCode || Names || parameters) (Part 1,
     * 19.6.5 and 18.7) and keeps its key for the response.
     */
    private boolean hmacMatches(int s, int h, byte[] authValue, byte[] command) {
        SessionEntry e = area[s];
        AuthSession as = session(e);
        byte[] av = trim(authValue);
        byte[] key = as.boundTo(h, av) ? as.sessionKey() : SessionCrypto.hmacKey(as, av);
        area[s] = e.authorizing(h, key);
        byte[] cpHash = cpHash(as, command);
        byte[] mac = SessionCrypto.hmac(as, key, cpHash, e.nonceCaller(command), as.nonceTpm(),
                otherNonce(s, count, TpmaSession.DECRYPT), otherNonce(s, count, TpmaSession.ENCRYPT),
                e.attributes());
        if (mac.length != e.hmacSize()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < mac.length; i++) {
            diff |= mac[i] ^ command[e.hmacOffset() + i];
        }
        return diff == 0;
    }

    private byte[] cpHash(AuthSession as, byte[] command) {
        java.security.MessageDigest md = as.authHash().newDigest();
        md.update(command, 6, 4);
        for (int i = 0; i < cmd.spec.handles().size(); i++) {
            md.update(name(cmd.handles[i]));
        }
        md.update(command, paramStart, command.length - paramStart);
        return md.digest();
    }

    private static byte[] trim(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    /** Decrypts the first command parameter for a session with the decrypt attribute (Part 1, 21). */
    void decryptParameter(byte[] command) {
        for (int s = 0; s < count; s++) {
            SessionEntry e = area[s];
            if (!e.has(TpmaSession.DECRYPT) || e.isPassword()) {
                continue;
            }
            AuthSession as = session(e);
            if (command.length - paramStart < 2) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(s + 1));
            }
            int size = TpmWire.u16(command, paramStart);
            if (paramStart + 2 + size > command.length) {
                throw new TpmRcException(TpmRc.SIZE.param(1));
            }
            SessionCrypto.cfb(as, e.key(), false, e.nonceCaller(command), as.nonceTpm(), command,
                    paramStart + 2, size);
        }
    }

    /**
     * The response authorization area: for password sessions an empty nonce and hmac; for HMAC
     * sessions a new nonceTPM, the response parameter encryption, and the HMAC over rpHash =
     * H(responseCode || commandCode || parameters). Sessions without continueSession end.
     */
    void respond(byte[] command, int rpStart, int paramEnd) {
        int sessions = count;
        TpmWriter out = cmd.out;
        byte[][] newNonce = new byte[sessions][];
        for (int s = 0; s < sessions; s++) {
            SessionEntry e = area[s];
            AuthSession as = session(e);
            if (as == null) {
                continue;
            }
            newNonce[s] = new byte[as.authHash().digestSize()];
            tpm.random(newNonce[s], 0, newNonce[s].length);
            int ent = e.entity();
            if (ent != 0 && TpmHt.PERMANENT.matches(ent) && (!as.isPolicy() || as.authValueNeeded())) {
                // HierarchyChangeAuth: the response uses the new authValue
                byte[] av = trim(authValue(ent));
                e = e.withKey(as.boundTo(ent, av) ? as.sessionKey() : SessionCrypto.hmacKey(as, av));
                area[s] = e;
            }
            if (e.has(TpmaSession.ENCRYPT) && paramEnd - rpStart >= 2) {
                byte[] buf = out.array();
                int size = TpmWire.u16(buf, rpStart);
                SessionCrypto.cfb(as, e.key(), true, newNonce[s], e.nonceCaller(command), buf, rpStart + 2,
                        Math.min(size, paramEnd - rpStart - 2));
            }
        }
        for (int s = 0; s < sessions; s++) {
            if (newNonce[s] == null) {
                // password session: empty nonceTPM, continueSession, empty hmac
                out.u16(0).u8(TpmaSession.CONTINUE_SESSION).u16(0);
                continue;
            }
            SessionEntry e = area[s];
            AuthSession as = session(e);
            java.security.MessageDigest md = as.authHash().newDigest();
            md.update(new byte[4]);
            md.update(command, 6, 4);
            md.update(out.array(), rpStart, paramEnd - rpStart);
            byte[] rpHash = md.digest();
            int attrs = e.attributes();
            byte[] mac = as.isPolicy() && as.passwordNeeded() ? new byte[0]
                    : SessionCrypto.hmac(as, e.key(), rpHash, newNonce[s], e.nonceCaller(command), null, null, attrs);
            out.tpm2b(newNonce[s]).u8(attrs).tpm2b(mac);
            as.nonceTpm(newNonce[s]);
            if (as.isPolicy() && e.entity() != 0) {
                // a policy session starts over after it authorized a command
                as.restartPolicy();
            }
            if (!e.has(TpmaSession.CONTINUE_SESSION)) {
                tpm.sessions().flush(e.handle());
            }
        }
    }

    /** Password comparison with trailing zeros removed from both sides (Part 1, 19.6.4). */
    private static boolean passwordMatches(byte[] expected, byte[] buf, int off, int len) {
        int el = expected.length;
        while (el > 0 && expected[el - 1] == 0) {
            el--;
        }
        int gl = len;
        while (gl > 0 && buf[off + gl - 1] == 0) {
            gl--;
        }
        if (el != gl) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < el; i++) {
            diff |= expected[i] ^ buf[off + i];
        }
        return diff == 0;
    }
}
