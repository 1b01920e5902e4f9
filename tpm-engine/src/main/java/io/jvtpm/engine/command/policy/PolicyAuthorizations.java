package io.jvtpm.engine.command.policy;

import io.jvtpm.engine.command.Command;
import io.jvtpm.engine.command.PolicyCommands;
import io.jvtpm.engine.command.Tickets;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.Signatures;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.PolicyState;
import io.jvtpm.engine.session.PolicyState.HashKind;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import java.security.MessageDigest;

/**
 * The policy assertions that carry an authorization from elsewhere (TPM 2.0 Library Part 3, 23.3
 * PolicySigned, 23.4 PolicySecret, 23.5 PolicyTicket): the common checks of nonceTPM, expiration
 * and cpHashA, the policy update with the entity's Name and policyRef, the session timeout, and
 * the TPMT_TK_AUTH ticket a negative expiration asks for.
 */
public final class PolicyAuthorizations {
    /** The bit of a ticket's timeout that says it expires at the next TPM Reset (libtpms EXPIRATION_BIT). */
    private static final long EXPIRES_ON_RESET = 1L << 63;

    private PolicyAuthorizations() {
    }

    /** nonceTPM, cpHashA, policyRef, expiration: parameters 1-4 of PolicySigned and PolicySecret. */
    private record Request(byte[] nonceTpm, byte[] cpHashA, byte[] policyRef, int expiration) {
        static Request read(TpmReader r) {
            byte[] nonce = r.tpm2b(HashAlgorithm.MAX_DIGEST);
            r.param(2);
            byte[] cpHash = r.tpm2b(HashAlgorithm.MAX_DIGEST);
            r.param(3);
            byte[] ref = r.tpm2b(HashAlgorithm.MAX_DIGEST);
            r.param(4);
            return new Request(nonce, cpHash, ref, r.u32());
        }
    }

    /** A TPMT_TK_AUTH or TPMT_TK_VERIFIED from a command: a tag of {@code tags} (else TPM_RC_TAG), hierarchy, HMAC. */
    record Ticket(int tag, int hierarchy, byte[] digest) {
        static Ticket read(TpmReader r, TpmSt... tags) {
            int tag = r.u16();
            boolean known = false;
            for (TpmSt t : tags) {
                known |= t.value() == tag;
            }
            if (!known) {
                throw r.fail(TpmRc.TAG);
            }
            int hierarchy = Structures.readHierarchyOrNull(r);
            return new Ticket(tag, hierarchy, r.tpm2b(HashAlgorithm.MAX_DIGEST));
        }
    }

    /** ComputeAuthTimeout: 0 for none, else |expiration| s from now or from the session's start. */
    private static long authTimeout(TpmEngine tpm, AuthSession s, int expiration, byte[] nonce) {
        if (expiration == 0) {
            return 0;
        }
        long seconds = Math.abs((long) expiration);
        if (expiration == Integer.MIN_VALUE) {
            seconds = Integer.MAX_VALUE;
        }
        long now = tpm.clock().time();
        return nonce.length == 0 ? seconds * 1000 + now % 1000 : s.policy().startTime() + seconds * 1000;
    }

    /** PolicyParameterChecks: nonce (TPM_RC_NONCE), expiry (TPM_RC_EXPIRED), cpHashA (TPM_RC_SIZE, TPM_RC_CPHASH). */
    private static void parameterChecks(TpmEngine tpm, AuthSession s, long timeout, byte[] cpHashA, byte[] nonce,
            int nonceParam, int cpHashParam, int expirationParam) {
        if (nonce != null && nonce.length != 0 && !MessageDigest.isEqual(nonce, s.nonceTpm())) {
            throw new TpmRcException(TpmRc.NONCE.param(nonceParam));
        }
        if (timeout != 0 && (timeout < tpm.clock().time() || s.policy().epoch() != Tickets.timeEpoch(tpm))) {
            throw new TpmRcException(TpmRc.EXPIRED.param(expirationParam));
        }
        if (cpHashA.length != 0) {
            if (cpHashA.length != s.authHash().digestSize()) {
                throw new TpmRcException(TpmRc.SIZE.param(cpHashParam));
            }
            byte[] bound = s.policy().boundHash();
            if (bound.length != 0 && !MessageDigest.isEqual(cpHashA, bound)) {
                throw new TpmRcException(TpmRc.CPHASH.value());
            }
        }
    }

    /** PolicyContextUpdate: policyDigest with cc || name, then policyRef; cpHash and timeout kept. */
    static void contextUpdate(AuthSession s, TpmCc cc, byte[] name, byte[] policyRef, byte[] cpHash, long timeout) {
        s.extendPolicy(TpmWire.u32Bytes(cc.value()), name);
        if (policyRef != null) {
            s.extendPolicy(policyRef);
        }
        PolicyState p = s.policy();
        if (cpHash != null && cpHash.length != 0) {
            p.bindHash(HashKind.CP_HASH, cpHash);
        }
        p.limitTimeout(timeout);
    }

    /** PolicySigned (23.3): a signature over aHash = H(nonceTPM || expiration || cpHashA || policyRef). */
    public static void policySigned(Command c) {
        Request q = Request.read(c.in());
        c.in().param(5);
        Signatures.Sig sig = Signatures.readSignature(c.in());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        AuthSession s = PolicyCommands.session(c, 1);
        LoadedObject key = tpm.loaded(c.handle(0));
        if (key == null) {
            throw new TpmRcException(TpmRc.HANDLE.handle(1));
        }
        long timeout = 0;
        boolean trial = s.type() == TpmSe.TRIAL;
        if (!trial) {
            timeout = authTimeout(tpm, s, q.expiration(), q.nonceTpm());
            parameterChecks(tpm, s, timeout, q.cpHashA(), q.nonceTpm(), 1, 2, 4);
            if (sig.hash() == null) {
                throw new TpmRcException(TpmRc.SCHEME.param(5));
            }
            MessageDigest md = sig.hash().newDigest();
            md.update(q.nonceTpm());
            md.update(TpmWire.u32Bytes(q.expiration()));
            md.update(q.cpHashA());
            md.update(q.policyRef());
            if (!key.has(ObjectAttributes.SIGN)) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.param(5));
            }
            if (!Signatures.verify(key, sig, md.digest())) {
                throw new TpmRcException(TpmRc.SIGNATURE.param(5));
            }
        }
        byte[] name = key.name();
        contextUpdate(s, TpmCc.POLICY_SIGNED, name, q.policyRef(), q.cpHashA(), timeout);
        respond(c, TpmSt.AUTH_SIGNED, PolicyCommands.hierarchy(tpm, c.handle(0)), q, timeout,
                !trial && q.expiration() < 0, name);
    }

    /** PolicySecret (23.4): the authorization of handle 0 (checked by the authorization area). */
    public static void policySecret(Command c) {
        Request q = Request.read(c.in());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        AuthSession s = PolicyCommands.session(c, 1);
        long timeout = 0;
        boolean trial = s.type() == TpmSe.TRIAL;
        if (!trial) {
            timeout = authTimeout(tpm, s, q.expiration(), q.nonceTpm());
            parameterChecks(tpm, s, timeout, q.cpHashA(), q.nonceTpm(), 1, 2, 4);
        }
        int h = c.handle(0);
        byte[] name = PolicyCommands.name(tpm, h);
        contextUpdate(s, TpmCc.POLICY_SECRET, name, q.policyRef(), q.cpHashA(), timeout);
        respond(c, TpmSt.AUTH_SECRET, PolicyCommands.hierarchy(tpm, h), q, timeout,
                !trial && q.expiration() < 0 && !PolicyCommands.isPinPass(tpm, h), name);
    }

    /** timeout (TPM2B of the UINT64, empty for none) and the TPMT_TK_AUTH, or the NULL ticket. */
    private static void respond(Command c, TpmSt tag, int hierarchy, Request q, long timeout, boolean ticket,
            byte[] name) {
        TpmWriter w = c.out();
        if (!ticket) {
            w.u16(0).u16(tag.value()).u32(TpmRh.NULL.value()).u16(0);
            return;
        }
        boolean onReset = q.nonceTpm().length == 0;
        long t = timeout & ~EXPIRES_ON_RESET;
        byte[] hmac = Tickets.authHmac(c.tpm(), tag.value(), hierarchy, t, onReset, q.cpHashA(), q.policyRef(), name);
        w.u16(8).u64(onReset ? t | EXPIRES_ON_RESET : t);
        w.u16(tag.value()).u32(hierarchy).tpm2b(hmac);
    }

    /** PolicyTicket (23.5): a TPMT_TK_AUTH from an earlier PolicySigned or PolicySecret stands in for it. */
    public static void policyTicket(Command c) {
        TpmReader r = c.in();
        byte[] timeoutBytes = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        byte[] cpHashA = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(3);
        byte[] policyRef = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(4);
        byte[] authName = r.tpm2b(HashAlgorithm.MAX_DIGEST + 2);
        r.param(5);
        Ticket ticket = Ticket.read(r, TpmSt.AUTH_SIGNED, TpmSt.AUTH_SECRET);
        c.endParameters();
        int tag = ticket.tag();
        int hierarchy = ticket.hierarchy();
        byte[] digest = ticket.digest();
        TpmEngine tpm = c.tpm();
        AuthSession s = PolicyCommands.session(c, 0);
        if (s.type() == TpmSe.TRIAL) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        if (timeoutBytes.length != 8) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        long timeout = new TpmReader(timeoutBytes, 0, 8).u64();
        boolean onReset = (timeout & EXPIRES_ON_RESET) != 0;
        timeout &= ~EXPIRES_ON_RESET;
        parameterChecks(tpm, s, timeout, cpHashA, null, 0, 2, 1);
        byte[] expected = Tickets.authHmac(tpm, tag, hierarchy, timeout, onReset, cpHashA, policyRef, authName);
        if (!MessageDigest.isEqual(digest, expected)) {
            throw new TpmRcException(TpmRc.TICKET.param(5));
        }
        TpmCc cc = tag == TpmSt.AUTH_SIGNED.value() ? TpmCc.POLICY_SIGNED : TpmCc.POLICY_SECRET;
        contextUpdate(s, cc, authName, policyRef, cpHashA, timeout);
    }
}
