package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;
import java.util.List;

/**
 * PCR commands (TPM 2.0 Library Part 3, 22): PCR_Read, PCR_Extend, PCR_Event, PCR_Reset and
 * PCR_Allocate, with the PC Client profile's locality rules.
 */
final class PcrCommands {
    /** The most digests one TPML_DIGEST carries. */
    private static final int MAX_DIGESTS = 8;

    private PcrCommands() {
    }

    static void pcrRead(Command c) {
        TpmReader r = c.in();
        int count = r.u32();
        if (count < 0 || count > HashAlgorithm.all().length) {
            throw r.fail(TpmRc.SIZE);
        }
        int[] maps = new int[count];
        HashAlgorithm[] banks = new HashAlgorithm[count];
        for (int i = 0; i < count; i++) {
            PcrSelection s = PcrSelection.read(r);
            banks[i] = s.hash();
            maps[i] = s.bitmap();
        }
        c.endParameters();
        PcrBanks pcrs = c.tpm().pcrs();
        TpmWriter w = c.out();
        w.u32(pcrs.updateCounter());
        // selections out: what is allocated, up to eight digests in order
        int left = MAX_DIGESTS;
        for (int i = 0; i < count; i++) {
            int m = maps[i] & pcrs.allocation(banks[i]);
            int kept = 0;
            for (int p = 0; p < PcrAttributes.COUNT && left > 0; p++) {
                if ((m & (1 << p)) != 0) {
                    kept |= 1 << p;
                    left--;
                }
            }
            maps[i] = kept;
        }
        w.u32(count);
        int digests = 0;
        for (int i = 0; i < count; i++) {
            w.u16(banks[i].id()).u8(3).u8(maps[i]).u8(maps[i] >>> 8).u8(maps[i] >>> 16);
            digests += Integer.bitCount(maps[i]);
        }
        w.u32(digests);
        for (int i = 0; i < count; i++) {
            int m = maps[i];
            for (int p = 0; m != 0; p++, m >>>= 1) {
                if ((m & 1) != 0) {
                    w.tpm2b(pcrs.value(banks[i], p));
                }
            }
        }
    }

    static void pcrExtend(Command c) {
        TaggedHash[] digests = TaggedHash.readList(c.in());
        c.endParameters();
        int pcr = c.handle(0);
        if (pcr == TpmRh.NULL.value()) {
            return;
        }
        checkExtend(pcr, c.locality());
        TpmEngine tpm = c.tpm();
        PcrBanks pcrs = tpm.pcrs();
        for (TaggedHash d : digests) {
            pcrs.extend(d.alg(), pcr, tpm.digests().get(d.alg()), d.digest(), 0);
        }
        pcrs.changed(pcr);
        tpm.orderlyLost();
    }

    static void pcrEvent(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(Structures.MAX_EVENT);
        int off = r.position();
        r.skip(size);
        c.endParameters();
        int pcr = c.handle(0);
        boolean extend = pcr != TpmRh.NULL.value();
        if (extend) {
            checkExtend(pcr, c.locality());
        }
        TpmEngine tpm = c.tpm();
        byte[] data = r.array();
        writeEventDigests(c, pcr, extend, h -> tpm.digests().hash(h, data, off, size));
    }

    /** How an event is digested with one bank's algorithm. */
    @FunctionalInterface
    interface EventDigest {
        byte[] digest(HashAlgorithm h);
    }

    /**
     * The end of PCR_Event and EventSequenceComplete: the event's TPML_DIGEST_VALUES in every bank,
     * each extended into {@code pcr} when {@code extend} (the PCR handle is not TPM_RH_NULL).
     */
    static void writeEventDigests(Command c, int pcr, boolean extend, EventDigest event) {
        TpmEngine tpm = c.tpm();
        TpmWriter w = c.out();
        HashAlgorithm[] all = HashAlgorithm.all();
        w.u32(all.length);
        for (HashAlgorithm h : all) {
            byte[] d = event.digest(h);
            w.u16(h.id()).bytes(d);
            if (extend) {
                tpm.pcrs().extend(h, pcr, tpm.digests().get(h), d, 0);
            }
        }
        if (extend) {
            tpm.pcrs().changed(pcr);
            tpm.orderlyLost();
        }
    }

    /** TPM2_PCR_SetAuthPolicy (Part 3, 22.7): the authPolicy of the policy group of pcrNum. */
    static void pcrSetAuthPolicy(Command c) {
        TpmReader r = c.in();
        byte[] policy = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        HashAlgorithm alg = Structures.readHash(r, true);
        r.param(3);
        int pcr = r.u32();
        if (pcr < 0 || pcr >= PcrAttributes.COUNT) {
            throw r.fail(TpmRc.VALUE);
        }
        c.endParameters();
        TaggedHash p = HierarchyCommands.policyOf(policy, alg);
        if (!PcrAttributes.inAuthGroup(pcr)) {
            throw new TpmRcException(TpmRc.VALUE.param(3));
        }
        c.tpm().pcrs().setAuthPolicy(p);
        c.tpm().permanentChanged();
    }

    /** TPM2_PCR_SetAuthValue (Part 3, 22.8): the authValue of the auth group of the PCR, until Startup(CLEAR). */
    static void pcrSetAuthValue(Command c) {
        byte[] auth = c.in().tpm2b(HashAlgorithm.MAX_DIGEST);
        c.endParameters();
        int pcr = c.handle(0);
        if (!PcrAttributes.inAuthGroup(pcr)) {
            throw new TpmRcException(TpmRc.VALUE.value());
        }
        TpmEngine tpm = c.tpm();
        tpm.pcrs().setAuthValue(ObjectCommands.trimAuth(auth));
        tpm.orderlyLost();
    }

    static void pcrReset(Command c) {
        c.endParameters();
        int pcr = c.handle(0);
        if (!PcrAttributes.canReset(pcr, c.locality())) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
        TpmEngine tpm = c.tpm();
        tpm.pcrs().fill(pcr, (byte) 0, (byte) 0);
        tpm.pcrs().changed(pcr);
        tpm.orderlyLost();
    }

    static void pcrAllocate(Command c) {
        List<PcrSelection> sel = PcrSelection.readList(c.in());
        c.endParameters();
        TpmEngine tpm = c.tpm();
        int[] maps = tpm.pcrs().allocationCopy();
        for (PcrSelection s : sel) {
            maps[s.hash().ordinal()] = s.bitmap();
        }
        int needed = 0;
        int available = 0;
        boolean any = false;
        for (HashAlgorithm h : HashAlgorithm.all()) {
            needed += Integer.bitCount(maps[h.ordinal()]) * h.digestSize();
            available += PcrAttributes.COUNT * h.digestSize();
            any |= maps[h.ordinal()] != 0;
        }
        if (!any) {
            throw new TpmRcException(TpmRc.PCR.value());
        }
        tpm.setPendingAllocation(maps);
        c.out().u8(1).u32(PcrAttributes.COUNT).u32(needed).u32(available);
    }

    private static void checkExtend(int pcr, int locality) {
        if (!PcrAttributes.canExtend(pcr, locality)) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
    }
}
