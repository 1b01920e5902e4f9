package io.jvtpm.engine.command.policy;

import static io.jvtpm.engine.command.policy.PolicyAssertions.cc;

import io.jvtpm.engine.command.Command;
import io.jvtpm.engine.command.PolicyCommands;
import io.jvtpm.engine.command.Tickets;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmSt;
import java.security.MessageDigest;

/**
 * The policy commands that combine or replace policies, and the session's own (TPM 2.0 Library
 * Part 3, 23.6 PolicyOR, 23.16 PolicyAuthorize, 23.22 PolicyAuthorizeNV, 23.19 PolicyGetDigest;
 * 11.2 PolicyRestart).
 */
public final class PolicyCombinations {
    /** The most and fewest digests of PolicyOR's TPML_DIGEST. */
    private static final int OR_MAX = 8;
    private static final int OR_MIN = 2;

    private PolicyCombinations() {
    }

    /** PolicyOR (23.6): policyDigest is one of the list, then H(0...0 || TPM_CC_PolicyOR || digests). */
    public static void policyOr(Command c) {
        TpmReader r = c.in();
        int n = r.u32();
        if (n > OR_MAX || n < OR_MIN) {
            throw r.fail(TpmRc.SIZE);
        }
        byte[][] digests = new byte[n][];
        for (int i = 0; i < n; i++) {
            digests[i] = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        }
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        boolean found = s.type() == TpmSe.TRIAL;
        for (byte[] d : digests) {
            found |= MessageDigest.isEqual(d, s.policyDigest());
        }
        if (!found) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        byte[][] parts = new byte[n + 1][];
        parts[0] = cc(TpmCc.POLICY_OR);
        System.arraycopy(digests, 0, parts, 1, n);
        s.clearPolicyDigest();
        s.extendPolicy(parts);
    }

    /**
     * PolicyAuthorize (23.16): a policy approved by the key keySign names (a TPMT_TK_VERIFIED
     * over H(approvedPolicy || policyRef)) replaces the session's policyDigest.
     */
    public static void policyAuthorize(Command c) {
        TpmReader r = c.in();
        byte[] approved = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        byte[] policyRef = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(3);
        byte[] keySign = r.tpm2b(HashAlgorithm.MAX_DIGEST + 2);
        r.param(4);
        PolicyAuthorizations.Ticket checkTicket = PolicyAuthorizations.Ticket.read(r, TpmSt.VERIFIED);
        c.endParameters();
        AuthSession s = PolicyCommands.session(c, 0);
        HashAlgorithm h = keySign.length < 2 ? null : HashAlgorithm.fromId((keySign[0] & 0xFF) << 8 | keySign[1] & 0xFF);
        if (h == null) {
            throw new TpmRcException(TpmRc.HASH.param(3));
        }
        if (h.digestSize() != keySign.length - 2) {
            throw new TpmRcException(TpmRc.SIZE.param(3));
        }
        if (s.type() != TpmSe.TRIAL) {
            if (!MessageDigest.isEqual(s.policyDigest(), approved)) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
            MessageDigest md = h.newDigest();
            md.update(approved);
            md.update(policyRef);
            byte[] expected = Tickets.verifiedHmac(c.tpm(), checkTicket.hierarchy(), md.digest(), keySign);
            if (!MessageDigest.isEqual(checkTicket.digest(), expected)) {
                throw new TpmRcException(TpmRc.VALUE.param(4));
            }
        }
        s.clearPolicyDigest();
        PolicyAuthorizations.contextUpdate(s, TpmCc.POLICY_AUTHORIZE, keySign, policyRef, null, 0);
    }

    /** PolicyAuthorizeNV (23.22): the policy an NV index holds (a TPMT_HA) replaces the session's. */
    public static void policyAuthorizeNv(Command c) {
        c.endParameters();
        TpmEngine tpm = c.tpm();
        AuthSession s = PolicyCommands.session(c, 2);
        if (s.type() != TpmSe.TRIAL) {
            NvIndex i = PolicyCommands.readableIndex(c, 0, 1);
            byte[] data = i.read(0, Math.min(i.dataSize(), HashAlgorithm.MAX_DIGEST + 2));
            TpmReader r = new TpmReader(data, 0, data.length);
            HashAlgorithm h = Structures.readHash(r, false);
            if (h != s.authHash()) {
                throw new TpmRcException(TpmRc.HASH.value());
            }
            if (r.remaining() < h.digestSize()) {
                throw new TpmRcException(TpmRc.INSUFFICIENT.value());
            }
            byte[] policy = java.util.Arrays.copyOfRange(data, 2, 2 + h.digestSize());
            if (!MessageDigest.isEqual(policy, s.policyDigest())) {
                throw new TpmRcException(TpmRc.VALUE.value());
            }
        }
        s.clearPolicyDigest();
        PolicyAuthorizations.contextUpdate(s, TpmCc.POLICY_AUTHORIZE_NV, PolicyCommands.name(tpm, c.handle(1)),
                null, null, 0);
    }

    /** PolicyGetDigest (23.19). */
    public static void policyGetDigest(Command c) {
        c.endParameters();
        c.out().tpm2b(PolicyCommands.session(c, 0).policyDigest());
    }

    /** PolicyRestart (Part 3, 11.2): the session's policy state starts over. */
    public static void policyRestart(Command c) {
        c.endParameters();
        PolicyCommands.session(c, 0).restartPolicy();
    }
}
