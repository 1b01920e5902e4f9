package io.jvtpm.engine.command;

import io.jvtpm.engine.command.policy.PolicyCheck;
import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.SessionCrypto;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
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
 * parameter, and the response sessions with their nonces, parameter encryption, {@link Audit}
 * and HMACs.
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
    /** The session with the decrypt attribute, -1 for none. */
    private int decryptIndex;
    /** The session with the encrypt attribute, -1 for none. */
    private int encryptIndex;
    /** The session with the audit attribute, -1 for none. */
    private int auditIndex;
    /** cpHash of the running command by hash algorithm (ordinal), once computed; rpHash likewise. */
    private final byte[][] cpHashes = new byte[HashAlgorithm.values().length][];
    private final byte[][] rpHashes = new byte[HashAlgorithm.values().length][];
    /** The handle each authorizing session authorizes, and in which role. */
    private final int[] handleOf = new int[MAX_SESSIONS];
    private final AuthRole[] roleOf = new AuthRole[MAX_SESSIONS];

    AuthorizationArea(TpmEngine tpm, Command cmd) {
        this.tpm = tpm;
        this.cmd = cmd;
    }

    /** A command without an authorization area. */
    void none() {
        count = 0;
        decryptIndex = -1;
        encryptIndex = -1;
        auditIndex = -1;
        java.util.Arrays.fill(cpHashes, null);
        java.util.Arrays.fill(rpHashes, null);
    }

    /**
     * ParseSessionBuffer: the sessions between the reader's position and its limit, each checked;
     * {@code paramStart} is where the parameters begin (for cpHash and parameter decryption).
     */
    void parse(int paramStart) {
        this.paramStart = paramStart;
        none();
        TpmReader in = cmd.in;
        while (in.remaining() > 0) {
            if (count == MAX_SESSIONS) {
                // as libtpms: the number of the session that does not fit
                throw new TpmRcException(TpmRc.SIZE.session(MAX_SESSIONS + 1));
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
            if (tpm.sessions().loadedAsOtherType(sh)) {
                throw new TpmRcException(TpmRc.HANDLE.session(idx));
            }
            throw new TpmRcException(TpmRc.REFERENCE_S0.value() + n);
        }
        boolean audit = (attrs & TpmaSession.AUDIT) != 0;
        if (pw) {
            // a password session only authorizes (libtpms checks auditExclusive and auditReset
            // without audit only here)
            if ((attrs & (TpmaSession.DECRYPT | TpmaSession.ENCRYPT | TpmaSession.AUDIT
                    | TpmaSession.AUDIT_EXCLUSIVE | TpmaSession.AUDIT_RESET)) != 0) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
            }
            if (nonce != 0) {
                throw new TpmRcException(TpmRc.NONCE.session(idx));
            }
            return SessionEntry.parsed(sh, nonceAt, nonce, attrs, hmacAt, hs, null);
        }
        for (int k = 0; k < n; k++) {
            if (area[k].handle() == sh) {
                throw new TpmRcException(TpmRc.HANDLE.session(idx));
            }
        }
        if ((attrs & TpmaSession.DECRYPT) != 0) {
            decryptIndex = parameterEncryption(cmd.spec.allowsDecrypt(), decryptIndex, as, n);
        }
        if ((attrs & TpmaSession.ENCRYPT) != 0) {
            encryptIndex = parameterEncryption(cmd.spec.allowsEncrypt(), encryptIndex, as, n);
        }
        if (audit) {
            auditIndex = Audit.check(tpm, auditIndex, as, sh, attrs, n);
        }
        return SessionEntry.parsed(sh, nonceAt, nonce, attrs, hmacAt, hs, as.sessionKey());
    }

    /**
     * The decrypt (or encrypt) attribute of session {@code n}, as libtpms checks it: the command
     * must allow it (its first parameter is a TPM2B), at most one session may have it, and the
     * session must have a symmetric algorithm (Part 1, 21.1; Part 3's decrypt and encrypt
     * columns). The session's index, to keep.
     */
    private static int parameterEncryption(boolean allowed, int earlier, AuthSession as, int n) {
        if (!allowed || earlier >= 0) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.session(n + 1));
        }
        if (!as.cipher().present()) {
            throw new TpmRcException(TpmRc.SYMMETRIC.session(n + 1));
        }
        return n;
    }

    /**
     * Associates the first sessions with the handles that need authorization (too few sessions:
     * TPM_RC_AUTH_MISSING), then checks the sessions in order (Part 1, 19.6-19.7; libtpms's
     * ParseSessionBuffer): a password session must authorize a handle (TPM_RC_HANDLE), a trial
     * session may not appear (TPM_RC_ATTRIBUTES), an authorizing session must authorize its
     * handle, and any other session is checked by {@link ExtraSession}. 0 or the response code.
     */
    int authorize(CommandSpec spec, int nh, byte[] command) {
        if (count == 0) {
            // no authorization area: the parameters follow the handles
            paramStart = cmd.in.position();
        }
        int authorizing = 0;
        for (int i = 0; i < nh; i++) {
            AuthRole role = spec.roles().get(i);
            if (role == AuthRole.NONE) {
                continue;
            }
            if (authorizing >= count) {
                return TpmRc.AUTH_MISSING.value();
            }
            handleOf[authorizing] = cmd.handles[i];
            roleOf[authorizing] = role;
            authorizing++;
        }
        for (int s = 0; s < count; s++) {
            AuthSession as = session(area[s]);
            if (as == null && s >= authorizing) {
                // a password session must authorize a handle
                return TpmRc.HANDLE.session(s + 1);
            }
            if (as != null && as.type() == TpmSe.TRIAL) {
                // a trial session neither authorizes nor encrypts nor audits
                return TpmRc.ATTRIBUTES.session(s + 1);
            }
            int rc;
            if (s < authorizing) {
                area[s] = area[s].authorizing(handleOf[s], area[s].key());
                rc = authorizeHandle(spec, roleOf[s], s, handleOf[s], command);
            } else {
                rc = ExtraSession.check(tpm, this, s, as, command);
            }
            if (rc != 0) {
                return rc;
            }
        }
        // audit needs the cpHash of the parameters as they came, before any decryption
        if (auditIndex >= 0) {
            cpHash(session(area[auditIndex]).authHash(), command);
        }
        if (tpm.commandAudit().isAudited(spec.cc().value())) {
            cpHash(tpm.commandAudit().hashAlg(), command);
        }
        return 0;
    }

    /** The session entry {@code s}. */
    SessionEntry entry(int s) {
        return area[s];
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
            if (TpmHt.NV_INDEX.matches(h) ? !NvAccess.policyAvailable(tpm, spec.cc(), role, h)
                    : !PolicyCommands.policyAvailable(tpm, h)) {
                return TpmRc.AUTH_UNAVAILABLE.value();
            }
            int policy = policyCheck(spec, role, s, as, h, command);
            if (policy != 0) {
                return policy;
            }
            good = policySessionAuthorizes(s, as, h, expected, command);
        } else {
            int unavailable = TpmHt.NV_INDEX.matches(h) ? NvAccess.authValueCheck(tpm, spec.cc(), role, h)
                    : objectRoleCheck(role, h);
            if (unavailable != 0) {
                return unavailable;
            }
            good = as == null
                    ? passwordMatches(expected, command, area[s].hmacOffset(), area[s].hmacSize())
                    : hmacMatches(s, h, expected, command);
        }
        int rc = good ? 0 : DaProtection.failed(tpm, s, as, h, authUsed);
        if (authUsed && TpmHt.NV_INDEX.matches(h)) {
            NvAccess.pinCount(tpm, h, good);
        }
        return rc;
    }

    /**
     * Whether the authValue of {@code h} takes part in this authorization (libtpms' includeAuth):
     * always for a password; for an HMAC session unless it is bound to {@code h}; for a policy
     * session after PolicyAuthValue or PolicyPassword.
     */
    private boolean authValueUsed(AuthSession as, int h, byte[] authValue) {
        if (as == null) {
            return true;
        }
        if (as.isPolicy()) {
            return as.authValueNeeded() || as.passwordNeeded();
        }
        return !as.boundTo(h, name(h), trim(authValue));
    }

    /** Dictionary-attack lockout before an authorization (Part 1, 19.8): 0, TPM_RC_LOCKOUT or TPM_RC_RETRY. */
    private int daLockoutCheck(AuthSession as, int h, boolean authUsed) {
        int bound = daBoundCheck(as);
        return bound != 0 ? bound : DaProtection.checkBeforeUse(tpm, h, authUsed);
    }

    /** A session bound to a DA-protected entity is locked out with it, however it is used. */
    private int daBoundCheck(AuthSession as) {
        return as == null ? 0 : DaProtection.boundCheck(tpm, as);
    }

    /**
     * A policy session that passed its policy check: PolicyPassword asks for the password,
     * PolicyAuthValue for an HMAC with the authValue, else an HMAC with the session key alone
     * (empty with an empty key).
     */
    private boolean policySessionAuthorizes(int s, AuthSession as, int h, byte[] expected, byte[] command) {
        if (as.passwordNeeded()) {
            area[s] = area[s].authorizing(h, as.sessionKey());
            return passwordMatches(expected, command, area[s].hmacOffset(), area[s].hmacSize());
        }
        if (as.authValueNeeded()) {
            return hmacMatches(s, h, expected, command);
        }
        // the HMAC (and the response's) uses the session key alone
        area[s] = area[s].authorizing(h, as.sessionKey());
        return hmacMatches(s, command);
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
        return authValue(tpm, h);
    }

    /** The authValue of entity {@code h} (hierarchy, object, sequence, NV index or PCR). */
    static byte[] authValue(TpmEngine tpm, int h) {
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
        if (TpmHt.NV_INDEX.matches(h)) {
            NvIndex i = tpm.nvIndices().get(h);
            return i == null ? new byte[0] : i.authValue();
        }
        // PCRs: the authValue of their group (PCR_SetAuthValue), else the Empty Auth
        return TpmHt.PCR.matches(h) ? tpm.pcrs().authValue(h) : new byte[0];
    }

    /**
     * A policy session's authorization (Part 1, 19.7), checked by {@link PolicyCheck} in
     * libtpms's order against the entity's authPolicy (an entity without one is never satisfied).
     */
    private int policyCheck(CommandSpec spec, AuthRole role, int s, AuthSession as, int h, byte[] command) {
        return PolicyCheck.check(tpm, as, s + 1, h, entityPolicy(h), new PolicyUse(spec, role, command));
    }

    /** EntityGetAuthPolicy: an object's or index's authPolicy with its nameAlg, a hierarchy's, a PCR's. */
    private PolicyCheck.EntityPolicy entityPolicy(int h) {
        LoadedObject o = tpm.loaded(h);
        if (o != null) {
            return new PolicyCheck.EntityPolicy(o.publicArea().authPolicy(), o.publicArea().nameAlg());
        }
        NvIndex index = TpmHt.NV_INDEX.matches(h) ? tpm.nvIndices().get(h) : null;
        if (index != null) {
            return new PolicyCheck.EntityPolicy(index.publicArea().authPolicy(), index.nameAlg());
        }
        return PolicyCommands.authPolicy(tpm, h);
    }

    /** The running command as a policy check sees it. */
    private final class PolicyUse implements PolicyCheck.Use {
        private final CommandSpec spec;
        private final AuthRole role;
        private final byte[] command;

        PolicyUse(CommandSpec spec, AuthRole role, byte[] command) {
            this.spec = spec;
            this.role = role;
            this.command = command;
        }

        @Override
        public TpmCc commandCode() {
            return spec.cc();
        }

        @Override
        public boolean needsCommandCode() {
            return role == AuthRole.ADMIN || role == AuthRole.DUP;
        }

        @Override
        public int locality() {
            return cmd.locality;
        }

        @Override
        public byte[] cpHash(io.jvtpm.engine.wire.HashAlgorithm h) {
            return AuthorizationArea.this.cpHash(h, command);
        }

        @Override
        public byte[] nameHash(io.jvtpm.engine.wire.HashAlgorithm h) {
            java.security.MessageDigest md = h.newDigest();
            for (int i = 0; i < spec.handles().size(); i++) {
                md.update(name(cmd.handles[i]));
            }
            return md.digest();
        }

        @Override
        public byte[] templateHash(io.jvtpm.engine.wire.HashAlgorithm h) {
            TpmCc cc = spec.cc();
            if (cc != TpmCc.CREATE && cc != TpmCc.CREATE_PRIMARY && cc != TpmCc.CREATE_LOADED) {
                return null;
            }
            int end = command.length;
            int p = paramStart;
            if (end - p < 2) {
                return null;
            }
            p += 2 + ((command[p] & 0xFF) << 8 | command[p + 1] & 0xFF);
            if (end - p < 2) {
                return null;
            }
            int size = (command[p] & 0xFF) << 8 | command[p + 1] & 0xFF;
            if (size > end - p - 2) {
                return null;
            }
            java.security.MessageDigest md = h.newDigest();
            md.update(command, p + 2, size);
            return md.digest();
        }
    }

    /** The loaded session of an entry; null for the password session. */
    AuthSession session(SessionEntry e) {
        return e.isPassword() ? null : tpm.sessions().get(e.handle());
    }

    /**
     * The Name of a handle for cpHash: an object's Name; empty for a sequence object (its
     * nameAlg is TPM_ALG_NULL); else the handle.
     */
    private byte[] name(int h) {
        return name(tpm, h);
    }

    /** The Name of entity {@code h} as cpHash and session binding use it. */
    static byte[] name(TpmEngine tpm, int h) {
        if (TpmHt.NV_INDEX.matches(h)) {
            NvIndex i = tpm.nvIndices().get(h);
            return i == null ? TpmWire.u32Bytes(h) : i.name();
        }
        LoadedObject o = tpm.loaded(h);
        if (o != null) {
            return o.name();
        }
        if (tpm.object(h) != null) {
            return new byte[0];
        }
        return TpmWire.u32Bytes(h);
    }

    /**
     * The nonceTPM of session {@code other} (the decrypt or the encrypt session, -1 for none) for
     * session {@code s}'s HMAC: only session 0, when it authorizes a handle, includes those of
     * the other sessions (Part 1, 19.6.5).
     */
    private byte[] otherNonce(int s, int other) {
        if (s != 0 || other <= 0 || !area[0].isAssociated()) {
            return null;
        }
        return session(area[other]).nonceTpm();
    }

    /**
     * Checks an HMAC session's HMAC over cpHash = H(commandCode || Names || parameters) (Part 1,
     * 19.6.5 and 18.7) and keeps its key for the response.
     */
    private boolean hmacMatches(int s, int h, byte[] authValue, byte[] command) {
        AuthSession as = session(area[s]);
        byte[] av = trim(authValue);
        byte[] key = as.boundTo(h, name(h), av) ? as.sessionKey() : SessionCrypto.hmacKey(as, av);
        area[s] = area[s].authorizing(h, key);
        return hmacMatches(s, command);
    }

    /**
     * Checks session {@code s}'s HMAC with the key its entry holds. With an empty key, an empty
     * HMAC is the right one (Part 1, 19.6.5; libtpms allows it the same way).
     */
    boolean hmacMatches(int s, byte[] command) {
        SessionEntry e = area[s];
        AuthSession as = session(e);
        byte[] key = e.key();
        if (key.length == 0 && e.hmacSize() == 0) {
            return true;
        }
        byte[] cpHash = cpHash(as, command);
        byte[] mac = SessionCrypto.hmac(as, key, cpHash, e.nonceCaller(command), as.nonceTpm(),
                otherNonce(s, decryptIndex), otherNonce(s, encryptIndex == decryptIndex ? -1 : encryptIndex),
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

    /** The cpHash of the running command in session {@code as}'s hash. */
    private byte[] cpHash(AuthSession as, byte[] command) {
        return cpHash(as.authHash(), command);
    }

    /**
     * cpHash = H(commandCode || Names || parameters) with {@code h}, computed once per command and
     * algorithm (first while the parameters are as they came).
     */
    private byte[] cpHash(HashAlgorithm h, byte[] command) {
        byte[] cached = cpHashes[h.ordinal()];
        if (cached != null) {
            return cached;
        }
        java.security.MessageDigest md = h.newDigest();
        md.update(command, 6, 4);
        for (int i = 0; i < cmd.spec.handles().size(); i++) {
            md.update(name(cmd.handles[i]));
        }
        md.update(command, paramStart, command.length - paramStart);
        cpHashes[h.ordinal()] = md.digest();
        return cpHashes[h.ordinal()];
    }

    /** rpHash = H(TPM_RC_SUCCESS || commandCode || response parameters) with {@code h}, once per command. */
    private byte[] rpHash(HashAlgorithm h, byte[] command, int rpStart, int paramEnd) {
        byte[] cached = rpHashes[h.ordinal()];
        if (cached == null) {
            java.security.MessageDigest md = h.newDigest();
            md.update(new byte[4]);
            md.update(command, 6, 4);
            md.update(cmd.out.array(), rpStart, paramEnd - rpStart);
            cached = md.digest();
            rpHashes[h.ordinal()] = cached;
        }
        return cached;
    }

    private static byte[] trim(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    /** Decrypts the first command parameter for the session with the decrypt attribute (Part 1, 21). */
    void decryptParameter(byte[] command) {
        if (decryptIndex < 0) {
            return;
        }
        SessionEntry e = area[decryptIndex];
        AuthSession as = session(e);
        ParameterEncryption.decrypt(as, cipherKey(e, as), e.nonceCaller(command), command, paramStart,
                decryptIndex + 1);
    }

    /** The parameter encryption key of a session: with the authValue of the entity it authorizes, if any. */
    private byte[] cipherKey(SessionEntry e, AuthSession as) {
        return ParameterEncryption.key(as, e.isAssociated() ? authValue(e.entity()) : null);
    }

    /**
     * The response authorization area: for password sessions an empty nonce and hmac; for HMAC
     * sessions a new nonceTPM, the response parameter encryption, and the HMAC over rpHash =
     * H(responseCode || commandCode || parameters). Sessions without continueSession end.
     */
    void respond(byte[] command, int rpStart, int paramEnd) {
        int sessions = count;
        if (sessions == 0) {
            Audit.update(tpm, cmd.spec, area, 0, h -> cpHash(h, command), h -> rpHash(h, command, rpStart, paramEnd));
            return;
        }
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
            boolean changeable = TpmHt.PERMANENT.matches(ent)
                    || TpmHt.NV_INDEX.matches(ent) && cmd.spec.cc() == TpmCc.NV_CHANGE_AUTH;
            if (e.isAssociated() && changeable && (!as.isPolicy() || as.authValueNeeded())) {
                // HierarchyChangeAuth, NV_ChangeAuth: the response uses the new authValue
                byte[] av = trim(authValue(ent));
                e = e.withKey(as.boundTo(ent, name(ent), av) ? as.sessionKey() : SessionCrypto.hmacKey(as, av));
                area[s] = e;
            }
            if (e.isAssociated() && TpmHt.NV_INDEX.matches(ent) && tpm.nvIndices().get(ent) == null) {
                // NV_UndefineSpaceSpecial deleted the index this session authorized: its authValue leaves the
                // response HMAC key (libtpms: SessionRemoveAssociationToHandle)
                e = e.withKey(as.sessionKey());
                area[s] = e;
            }
            if (s == encryptIndex) {
                ParameterEncryption.encrypt(as, cipherKey(e, as), newNonce[s], e.nonceCaller(command), out.array(),
                        rpStart, paramEnd);
            }
        }
        // audit after parameter encryption, before the HMACs (which cover auditExclusive)
        Audit.update(tpm, cmd.spec, area, sessions, h -> cpHash(h, command), h -> rpHash(h, command, rpStart, paramEnd));
        for (int s = 0; s < sessions; s++) {
            if (newNonce[s] == null) {
                // password session: empty nonceTPM, continueSession, empty hmac
                out.u16(0).u8(TpmaSession.CONTINUE_SESSION).u16(0);
                continue;
            }
            SessionEntry e = area[s];
            AuthSession as = session(e);
            byte[] rpHash = rpHash(as.authHash(), command, rpStart, paramEnd);
            int attrs = e.attributes();
            boolean emptyHmac = as.isPolicy() && as.passwordNeeded() || e.key().length == 0 && e.hmacSize() == 0;
            byte[] mac = emptyHmac ? new byte[0]
                    : SessionCrypto.hmac(as, e.key(), rpHash, newNonce[s], e.nonceCaller(command), null, null, attrs);
            out.tpm2b(newNonce[s]).u8(attrs).tpm2b(mac);
            as.nonceTpm(newNonce[s]);
            if (as.isPolicy()) {
                // a policy session starts over when its nonce rolls, whatever it was used for (as libtpms)
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
