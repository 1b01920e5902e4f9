package io.jvtpm.engine.command;

import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.PrecomputedHmac;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import java.security.MessageDigest;

/**
 * Tickets (TPM 2.0 Library Part 2, 10.7; Part 1, 11.4.6.2): TPMT_TK_HASHCHECK, an HMAC with the
 * hierarchy's proof over TPM_ST_HASHCHECK || digest, with SHA-512 (the context integrity hash),
 * its keyed MACs kept per hierarchy and re-keyed only when a proof changes; TPMT_TK_VERIFIED
 * (VerifySignature for PolicyAuthorize) and TPMT_TK_AUTH (PolicySigned and PolicySecret with a
 * negative expiration, for PolicyTicket), as Part 3, 23.3 and 23.5 define their HMACs.
 */
public final class Tickets {
    private static final HashAlgorithm HMAC_HASH = HashAlgorithm.SHA512;
    private final PrecomputedHmac[] macs = new PrecomputedHmac[3];
    private final byte[][] keys = new byte[3][];

    /** Writes a hashcheck ticket for {@code digest}, or the NULL ticket when not {@code allowed}. */
    void writeHashCheck(TpmWriter w, Hierarchies hi, int hierarchy, byte[] digest, boolean allowed) {
        byte[] proof = allowed ? hi.proof(hierarchy) : null;
        w.u16(TpmSt.HASHCHECK.value());
        if (proof == null) {
            w.u32(TpmRh.NULL.value()).u16(0);
            return;
        }
        w.u32(hierarchy);
        PrecomputedHmac mac = mac(hierarchy, proof);
        MessageDigest d = mac.start();
        d.update((byte) (TpmSt.HASHCHECK.value() >>> 8));
        d.update((byte) TpmSt.HASHCHECK.value());
        d.update(digest);
        w.tpm2b(mac.finish(d));
    }

    /**
     * The HMAC of a TPMT_TK_AUTH (Part 2, 10.7.5): proof(hierarchy) over tag || cpHashA ||
     * policyRef || authName || timeout, then, for a timeout, the time epoch and, for a ticket
     * that expires on reset, the reset count.
     */
    public static byte[] authHmac(TpmEngine tpm, int tag, int hierarchy, long timeout, boolean expiresOnReset,
            byte[] cpHash, byte[] policyRef, byte[] authName) {
        TpmWriter w = new TpmWriter(16);
        w.u64(timeout);
        if (timeout != 0) {
            w.u64(timeEpoch(tpm));
            if (expiresOnReset) {
                w.u32(tpm.resetCount());
            }
        }
        return ObjectSupport.ticketHmac(tpm, hierarchy, tag, cpHash, policyRef, authName, w.toByteArray());
    }

    /** The HMAC of a TPMT_TK_VERIFIED (Part 2, 10.7.4): proof(hierarchy) over tag || digest || keyName. */
    public static byte[] verifiedHmac(TpmEngine tpm, int hierarchy, byte[] digest, byte[] keyName) {
        return ObjectSupport.ticketHmac(tpm, hierarchy, TpmSt.VERIFIED.value(), digest, keyName);
    }

    /**
     * The time epoch (libtpms g_timeEpoch): TPM time starts at 0 at each _TPM_Init and every
     * Startup changes the (resetCount, restartCount) pair, so the pair names one run of time.
     */
    public static long timeEpoch(TpmEngine tpm) {
        return (long) tpm.resetCount() << 32 | (tpm.restartCount() & 0xFFFFFFFFL);
    }

    private PrecomputedHmac mac(int hierarchy, byte[] proof) {
        int i = hierarchy == TpmRh.OWNER.value() ? 0 : hierarchy == TpmRh.ENDORSEMENT.value() ? 1 : 2;
        if (keys[i] != proof) {
            macs[i] = new PrecomputedHmac(HMAC_HASH, proof);
            keys[i] = proof;
        }
        return macs[i];
    }
}
