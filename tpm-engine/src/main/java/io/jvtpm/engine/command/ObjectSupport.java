package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * What the object commands share (TPM 2.0 Library Part 2, 10.7 tickets, 15.1 TPMS_CREATION_DATA;
 * Part 1, 11.4.6 tickets): the object behind a handle, the TPM's random source, proofs, ticket
 * HMACs, and the PCR digest of a selection.
 */
final class ObjectSupport {
    /** TPM_ST values of tickets and attestation structures. */
    /** The hash of tickets (the context integrity hash, as the engine's hashcheck tickets use). */
    static final HashAlgorithm TICKET_HASH = HashAlgorithm.SHA512;
    /** TPM2B_DATA size (sizeof(TPMT_HA)). */
    static final int MAX_DATA = 2 + HashAlgorithm.MAX_DIGEST;

    private ObjectSupport() {
    }

    /** The object at handle {@code i}; a sequence object there is TPM_RC_HANDLE. */
    static LoadedObject object(Command c, int i) {
        LoadedObject o = c.tpm().loaded(c.handle(i));
        if (o == null) {
            throw new TpmRcException(TpmRc.HANDLE.handle(i + 1));
        }
        return o;
    }

    /** TPM_RC_OBJECT_MEMORY before any work when no object slot is free (as libtpms orders it). */
    static void requireFreeSlot(TpmEngine tpm) {
        if (tpm.loadedObjects().length >= TpmEngine.OBJECT_SLOTS) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY.value());
        }
    }

    static RandomSource random(TpmEngine tpm) {
        return tpm::random;
    }

    /** The proof of a hierarchy, the null proof for TPM_RH_NULL. */
    static byte[] proof(TpmEngine tpm, int hierarchy) {
        byte[] p = tpm.hierarchies().proof(hierarchy);
        return p != null ? p : tpm.objectState().nullProof();
    }

    /** HMAC_ticketHash(proof(hierarchy), tag || parts...). */
    static byte[] ticketHmac(TpmEngine tpm, int hierarchy, int tag, byte[]... parts) {
        byte[][] all = new byte[parts.length + 1][];
        all[0] = new byte[] {(byte) (tag >>> 8), (byte) tag};
        System.arraycopy(parts, 0, all, 1, parts.length);
        return Hmac.compute(TICKET_HASH, proof(tpm, hierarchy), all);
    }

    /** A ticket: tag, hierarchy, TPM2B_DIGEST hmac (NULL ticket: hierarchy NULL, empty). */
    static void writeTicket(TpmWriter w, TpmEngine tpm, int tag, int hierarchy, byte[]... parts) {
        w.u16(tag).u32(hierarchy);
        if (hierarchy == TpmRh.NULL.value()) {
            w.u16(0);
        } else {
            w.tpm2b(ticketHmac(tpm, hierarchy, tag, parts));
        }
    }

    /** A ticket read from a command: tag, hierarchy, hmac. */
    record Ticket(int tag, int hierarchy, byte[] hmac) {
    }

    static Ticket readTicket(TpmReader r, int expectedTag) {
        int tag = r.u16();
        if (tag != expectedTag) {
            throw r.fail(TpmRc.TAG);
        }
        int h = r.u32();
        if (h != TpmRh.OWNER.value() && h != TpmRh.ENDORSEMENT.value() && h != TpmRh.PLATFORM.value()
                && h != TpmRh.NULL.value()) {
            throw r.fail(TpmRc.VALUE);
        }
        return new Ticket(tag, h, r.tpm2b(HashAlgorithm.MAX_DIGEST));
    }

    /** True when the ticket is the TPM's for these parts. */
    static boolean ticketValid(TpmEngine tpm, Ticket t, byte[]... parts) {
        if (t.hierarchy() == TpmRh.NULL.value()) {
            return false;
        }
        return MessageDigest.isEqual(t.hmac(), ticketHmac(tpm, t.hierarchy(), t.tag(), parts));
    }

    /** The selection restricted to allocated PCRs. */
    static List<PcrSelection> allocated(TpmEngine tpm, List<PcrSelection> sel) {
        List<PcrSelection> out = new ArrayList<>(sel.size());
        for (PcrSelection s : sel) {
            out.add(new PcrSelection(s.hash(), s.bitmap() & tpm.pcrs().allocation(s.hash())
                    & ((1 << PcrAttributes.COUNT) - 1)));
        }
        return out;
    }

    /** H_h(the selected PCR values in selection order). */
    static byte[] pcrDigest(TpmEngine tpm, HashAlgorithm h, List<PcrSelection> sel) {
        PcrBanks pcrs = tpm.pcrs();
        MessageDigest md = h.newDigest();
        for (PcrSelection s : sel) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                if ((s.bitmap() & (1 << i)) != 0) {
                    md.update(pcrs.value(s.hash(), i));
                }
            }
        }
        return md.digest();
    }

    /** TPMS_CLOCK_INFO. */
    static void writeClockInfo(TpmWriter w, TpmEngine tpm, int resetCount, int restartCount) {
        w.u64(tpm.clock().clock()).u32(resetCount).u32(restartCount).u8(tpm.clock().safe() ? 1 : 0);
    }

    /** A TPM2B from a writer's content. */
    static byte[] bytes(TpmWriter w) {
        return w.toByteArray();
    }
}
