package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import java.util.Arrays;

/**
 * A loaded authorization session (TPM 2.0 Library Part 1, 19.6 "HMAC Sessions" and 19.7 "Policy
 * Sessions"; Part 3, 11.1 StartAuthSession): its type, hash, latest nonceTPM, session key,
 * parameter encryption (none, AES-CFB or XOR), the entity it is bound to, and for
 * policy and trial sessions the policy state (policyDigest, command code, auth value needs), for
 * an HMAC session used for audit its session audit digest (Part 1, 19.6.14; Part 3, 18.4).
 */
public final class AuthSession {
    /** The bit of the encoded flags octet that says an audit digest follows. */
    private static final int AUDIT_FLAG = 0x80;
    private final int handle;
    private final HashAlgorithm authHash;
    private final byte[] sessionKey;
    private final ParameterCipher cipher;
    private final Binding bind;
    private byte[] nonceTpm;
    private final TpmSe type;
    private byte[] policyDigest;
    private int commandCode;
    private boolean authValueNeeded;
    private boolean passwordNeeded;
    private PolicyState policy = new PolicyState();
    /** Set at its first use as an audit session: it has an audit digest and is no longer bound. */
    private boolean audit;
    private byte[] auditDigest = new byte[0];

    public AuthSession(int handle, TpmSe type, HashAlgorithm authHash, byte[] sessionKey, ParameterCipher cipher,
            Binding bind, byte[] nonceTpm) {
        this.handle = handle;
        this.type = type;
        this.policyDigest = new byte[authHash.digestSize()];
        this.authHash = authHash;
        this.sessionKey = sessionKey;
        this.cipher = cipher;
        this.bind = bind;
        this.nonceTpm = nonceTpm;
    }

    public int handle() {
        return handle;
    }

    public TpmSe type() {
        return type;
    }

    public boolean isPolicy() {
        return type != TpmSe.HMAC;
    }

    public byte[] policyDigest() {
        return policyDigest;
    }

    /** policyDigest := H_authHash(policyDigest || parts...) (Part 1, 19.7.3). */
    public void extendPolicy(byte[]... parts) {
        java.security.MessageDigest md = authHash.newDigest();
        md.update(policyDigest);
        for (byte[] p : parts) {
            md.update(p);
        }
        policyDigest = md.digest();
    }

    /** The command code a PolicyCommandCode bound this session to, or 0. */
    public int commandCode() {
        return commandCode;
    }

    public void commandCode(int cc) {
        commandCode = cc;
    }

    /** The rest of the policy-session state (Part 1, 19.7). */
    public PolicyState policy() {
        return policy;
    }

    public boolean authValueNeeded() {
        return authValueNeeded;
    }

    public boolean passwordNeeded() {
        return passwordNeeded;
    }

    public void needAuthValue(boolean password) {
        authValueNeeded = !password;
        passwordNeeded = password;
    }

    /** The session's state for a saved context (Part 1, 30.3). */
    public byte[] encode() {
        io.jvtpm.engine.wire.TpmWriter w = new io.jvtpm.engine.wire.TpmWriter(256);
        w.u32(handle).u8(type.value()).u16(authHash.id()).tpm2b(sessionKey).u16(cipher.code())
                .u32(bind == null ? TpmRh.NULL.value() : bind.handle());
        w.u8(bind == null ? 0 : 1).tpm2b(bind == null ? new byte[0] : bind.authValue());
        w.tpm2b(nonceTpm).tpm2b(policyDigest).u32(commandCode);
        w.u8((authValueNeeded ? 1 : 0) | (passwordNeeded ? 2 : 0) | (audit ? AUDIT_FLAG : 0));
        if (audit) {
            w.tpm2b(auditDigest);
        }
        if (bind != null) {
            w.tpm2b(bind.name()).u8(bind.daProtected() ? 1 : 0);
        }
        policy.encode(w);
        return w.toByteArray();
    }

    /** A session from {@link #encode()}; malformed input throws TpmRcException. */
    public static AuthSession decode(byte[] b) {
        io.jvtpm.engine.wire.TpmReader r = new io.jvtpm.engine.wire.TpmReader(b, 0, b.length);
        int handle = r.u32();
        TpmSe type = TpmSe.of(r.u8());
        HashAlgorithm h = HashAlgorithm.fromId(r.u16());
        byte[] key = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        int bits = r.u16();
        int bound = r.u32();
        boolean hasBound = r.u8() == 1;
        byte[] boundAuth = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        byte[] nonce = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        byte[] policy = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        int cc = r.u32();
        int flags = r.u8();
        byte[] audited = (flags & AUDIT_FLAG) != 0 ? r.tpm2b(HashAlgorithm.MAX_DIGEST) : null;
        // a bound session's entity Name and DA protection, then the policy state (each absent in a
        // context saved before it was kept)
        byte[] boundName = null;
        boolean daProtected = false;
        if (hasBound && r.remaining() > 0) {
            boundName = r.tpm2b(HashAlgorithm.MAX_DIGEST + 2);
            daProtected = r.u8() == 1;
        }
        PolicyState ps = new PolicyState();
        if (r.remaining() > 0) {
            ps.decode(r);
        }
        r.end();
        if (type == null || h == null || policy.length != h.digestSize()) {
            throw new io.jvtpm.engine.wire.TpmRcException(io.jvtpm.engine.wire.TpmRc.INTEGRITY.value());
        }
        AuthSession s = new AuthSession(handle, type, h, key, ParameterCipher.ofCode(bits),
                hasBound ? new Binding(bound, boundName, boundAuth, daProtected) : null, nonce);
        s.policyDigest = policy;
        s.commandCode = cc;
        s.authValueNeeded = (flags & 1) != 0;
        s.passwordNeeded = (flags & 2) != 0;
        s.policy = ps;
        if (audited != null) {
            if (audited.length != h.digestSize() || type != TpmSe.HMAC) {
                throw new io.jvtpm.engine.wire.TpmRcException(io.jvtpm.engine.wire.TpmRc.INTEGRITY.value());
            }
            s.audit = true;
            s.auditDigest = audited;
        }
        return s;
    }

    /** policyDigest := the zero digest (PolicyOR, PolicyAuthorize, PolicyAuthorizeNV start from it). */
    public void clearPolicyDigest() {
        policyDigest = new byte[authHash.digestSize()];
    }

    /** TPM2_PolicyRestart, and the reset after a policy authorization. */
    public void restartPolicy() {
        policyDigest = new byte[authHash.digestSize()];
        commandCode = 0;
        authValueNeeded = false;
        passwordNeeded = false;
        policy.reset();
    }

    public HashAlgorithm authHash() {
        return authHash;
    }

    public byte[] sessionKey() {
        return sessionKey;
    }

    /** AES key bits for parameter encryption, 0 when the session has no symmetric algorithm or XOR. */
    public int symKeyBits() {
        return cipher.keyBits();
    }

    /** The session's parameter encryption. */
    public ParameterCipher cipher() {
        return cipher;
    }

    public byte[] nonceTpm() {
        return nonceTpm;
    }

    public void nonceTpm(byte[] n) {
        nonceTpm = n;
    }

    /** The entity this session was bound to at StartAuthSession, or TPM_RH_NULL. */
    public int boundHandle() {
        return bind == null ? TpmRh.NULL.value() : bind.handle();
    }

    /** True when the session was bound to an entity that dictionary-attack protection covered. */
    public boolean isDaBound() {
        return bind != null && bind.daProtected();
    }

    /**
     * True when this session was bound to the entity {@code handle} with Name {@code name}
     * whose authValue is still {@code authValue}: then the authValue is already in the session
     * key and is not appended to the HMAC key (Part 1, 19.6.11). The entity is recognised by
     * its Name, as libtpms does, so an object loaded again at another handle is still the bound
     * entity. An audit session is bound to nothing (libtpms's InitAuditSession), and so is a
     * policy session, whose sessionKey still includes the bind authValue (libtpms's SessionCreate).
     */
    public boolean boundTo(int handle, byte[] name, byte[] authValue) {
        if (bind == null || audit || isPolicy() || !Arrays.equals(bind.authValue(), authValue)) {
            return false;
        }
        return bind.name() == null ? bind.handle() == handle : Arrays.equals(bind.name(), name);
    }

    /** True once the session was used for audit (libtpms's isAudit). */
    public boolean isAudit() {
        return audit;
    }

    /**
     * The first use for audit, or one with auditReset: the audit digest starts at zero (of the
     * session's hash size), and the session is no longer treated as bound.
     */
    public void startAudit() {
        audit = true;
        auditDigest = new byte[authHash.digestSize()];
    }

    /** auditDigest := H_authHash(auditDigest || cpHash || rpHash) for an audited command. */
    public void extendAudit(byte[] cpHash, byte[] rpHash) {
        auditDigest = authHash.digest(auditDigest, cpHash, rpHash);
    }

    /** The session audit digest (empty for a session never used for audit). */
    public byte[] auditDigest() {
        return auditDigest.clone();
    }
}
