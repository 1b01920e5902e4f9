package io.jvtpm.engine.command;

import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.PrecomputedHmac;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import java.security.MessageDigest;

/**
 * TPMT_TK_HASHCHECK tickets (TPM 2.0 Library Part 2, 10.7.6; Part 1, 11.4.6.2): HMAC with the
 * hierarchy's proof over TPM_ST_HASHCHECK || digest, with SHA-512 (the context integrity hash).
 * The keyed MACs are kept per hierarchy and re-keyed only when a proof changes.
 */
final class Tickets {
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

    private PrecomputedHmac mac(int hierarchy, byte[] proof) {
        int i = hierarchy == TpmRh.OWNER.value() ? 0 : hierarchy == TpmRh.ENDORSEMENT.value() ? 1 : 2;
        if (keys[i] != proof) {
            macs[i] = new PrecomputedHmac(HMAC_HASH, proof);
            keys[i] = proof;
        }
        return macs[i];
    }
}
