package io.jvtpm.engine.core;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.nv.index.NvBudget;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.platform.EntropySource;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import java.util.Arrays;

/**
 * The byte layout of the permanent state and of the saved (Shutdown(STATE) and volatile) state
 * inside their state files (TPM 2.0 Library Part 1, 36.4-36.6: what TPM Resume and TPM Restart
 * restore). Permanent state versions 1 (before primary seeds) and 2 (before dictionary-attack
 * protection, whose lockoutAuth state sat among the hierarchies), 3 (before NV indices), 4 (before
 * command audit) and 5 (before the hierarchy and PCR authPolicies) still load, and saved state
 * versions 1 (before the command audit digest) and 2 (before platformPolicy and the PCR authValue);
 * a malformed payload
 * is a {@link TpmStateException} naming where it came from.
 */
final class StateCodec {
    static final int PERMANENT_VERSION = 6;
    static final int SAVED_VERSION = 3;
    /** The size of ownerProof, endorsementProof and platformProof as manufactured. */
    private static final int PROOF_SIZE = 64;

    private StateCodec() {
    }

    /** The permanent state payload. */
    static byte[] encodePermanent(PermanentState s) {
        TpmWriter w = new TpmWriter(4096);
        w.u16(PERMANENT_VERSION);
        Hierarchies hi = s.hierarchies();
        w.tpm2b(hi.ownerAuth).tpm2b(hi.endorsementAuth).tpm2b(hi.lockoutAuth);
        w.tpm2b(hi.ownerProof).tpm2b(hi.endorsementProof).tpm2b(hi.platformProof);
        w.u8(hi.phEnableNV ? 1 : 0).u8(hi.disableClear ? 1 : 0);
        w.u8(s.allocation().length);
        for (int a : s.allocation()) {
            w.u32(a);
        }
        int[] pending = s.pendingAllocation();
        w.u8(pending == null ? 0 : 1);
        if (pending != null) {
            for (int a : pending) {
                w.u32(a);
            }
        }
        w.u64(s.clock());
        w.u32(s.resetCount()).u32(s.restartCount());
        w.u8(s.orderly().ordinal());
        w.u8(s.established() ? 1 : 0);
        w.tpm2b(s.drbgSeed());
        s.objectState().encode(w);
        s.dictionaryAttack().encode(w);
        s.nvIndices().encode(w);
        s.commandAudit().encode(w);
        writePolicy(w, hi.ownerPolicy);
        writePolicy(w, hi.endorsementPolicy);
        writePolicy(w, hi.lockoutPolicy);
        writePolicy(w, s.pcrPolicy());
        return w.toByteArray();
    }

    /**
     * Decodes a permanent state payload. A version 1 state had no primary seeds: this TPM gets
     * new ones from {@code entropy}. Before version 3 only lockoutAuth's state was kept: the other
     * dictionary-attack values start at their defaults.
     *
     * @throws TpmStateException when it is malformed; {@code where} names it
     */
    static PermanentState decodePermanent(byte[] p, String where, EntropySource entropy) {
        try {
            TpmReader r = new TpmReader(p, 0, p.length);
            int v = r.u16();
            if (v < 1 || v > PERMANENT_VERSION) {
                throw new TpmStateException("state file " + where + ": permanent state version " + v
                        + " is not supported");
            }
            Hierarchies hi = decodeHierarchies(r, where);
            DictionaryAttack da = v < 3 ? decodeLegacyLockout(r, where) : null;
            int n = r.u8();
            if (n != HashAlgorithm.all().length) {
                throw new TpmStateException("state file " + where + ": " + n + " PCR banks, expected "
                        + HashAlgorithm.all().length);
            }
            int[] alloc = readMaps(r, n, where);
            int[] pending = bool(r, where) ? readMaps(r, n, where) : null;
            long clock = r.u64();
            int resets = r.u32();
            int restarts = r.u32();
            int o = r.u8();
            if (o >= Orderly.values().length) {
                throw new TpmStateException("state file " + where + ": bad orderly state " + o);
            }
            boolean established = bool(r, where);
            byte[] seed = exact(r.tpm2b(CtrDrbg.SEED_LEN), CtrDrbg.SEED_LEN, "DRBG seed", where);
            ObjectState os = v == 1 ? newObjectState(entropy) : decodeObjects(r, where);
            if (v >= 3) {
                da = DictionaryAttack.decode(r);
                if (da == null) {
                    throw new TpmStateException("state file " + where + ": bad dictionary-attack flag");
                }
            }
            NvIndices nv = v >= 4 ? decodeNvIndices(r, where) : new NvIndices();
            CommandAudit audit = v >= 5 ? decodeCommandAudit(r, where) : CommandAudit.manufactured();
            TaggedHash pcrPolicy = null;
            if (v >= 6) {
                hi.ownerPolicy = readPolicy(r);
                hi.endorsementPolicy = readPolicy(r);
                hi.lockoutPolicy = readPolicy(r);
                pcrPolicy = readPolicy(r);
            }
            r.end();
            return new PermanentState(hi, alloc, pending, clock, resets, restarts, Orderly.values()[o], established,
                    seed, os, da, nv, audit, pcrPolicy);
        } catch (TpmRcException e) {
            throw new TpmStateException("state file " + where + ": malformed permanent state");
        }
    }

    /** An authPolicy as TPMT_HA, TPM_ALG_NULL alone for none. */
    private static void writePolicy(TpmWriter w, TaggedHash p) {
        if (p == null) {
            w.u16(TpmAlgId.NULL.value());
        } else {
            p.write(w);
        }
    }

    private static TaggedHash readPolicy(TpmReader r) {
        HashAlgorithm h = Structures.readHash(r, true);
        return h == null ? null : new TaggedHash(h, r.bytes(h.digestSize()));
    }

    private static NvIndices decodeNvIndices(TpmReader r, String where) {
        try {
            return NvIndices.decode(r);
        } catch (IllegalArgumentException e) {
            throw new TpmStateException("state file " + where + ": " + e.getMessage());
        }
    }

    private static CommandAudit decodeCommandAudit(TpmReader r, String where) {
        try {
            return CommandAudit.decode(r);
        } catch (IllegalArgumentException e) {
            throw new TpmStateException("state file " + where + ": " + e.getMessage());
        }
    }

    private static Hierarchies decodeHierarchies(TpmReader r, String where) {
        byte[] oa = r.tpm2b(64);
        byte[] ea = r.tpm2b(64);
        byte[] la = r.tpm2b(64);
        Hierarchies hi = new Hierarchies(proof(r, "ownerProof", where), proof(r, "endorsementProof", where),
                proof(r, "platformProof", where));
        hi.ownerAuth = oa;
        hi.endorsementAuth = ea;
        hi.lockoutAuth = la;
        hi.phEnableNV = bool(r, where);
        hi.disableClear = bool(r, where);
        return hi;
    }

    /** Versions 1 and 2: lockoutAuth enabled, the Clock of its failure (not kept), lockoutRecovery. */
    private static DictionaryAttack decodeLegacyLockout(TpmReader r, String where) {
        boolean enabled = bool(r, where);
        r.u64();
        return DictionaryAttack.legacy(enabled, r.u32());
    }

    private static byte[] proof(TpmReader r, String name, String where) {
        return exact(r.tpm2b(PROOF_SIZE), PROOF_SIZE, name, where);
    }

    private static byte[] exact(byte[] value, int size, String name, String where) {
        if (value.length != size) {
            throw new TpmStateException("state file " + where + ": " + name + " of " + value.length
                    + " bytes, expected " + size);
        }
        return value;
    }

    /**
     * The seeds and persistent objects: seeds of their full size, at most the persistent slots,
     * each object at a persistent handle of the hierarchy it belongs to and well formed.
     */
    private static ObjectState decodeObjects(TpmReader r, String where) {
        ObjectState os;
        try {
            os = ObjectState.decode(r);
        } catch (TpmRcException e) {
            throw e;
        } catch (RuntimeException e) {
            // a key that does not parse or build (the payload's checksum was right: written so, or forged)
            throw new TpmStateException("state file " + where + ": a persistent object is malformed");
        }
        for (int h : new int[] {TpmRh.ENDORSEMENT.value(), TpmRh.OWNER.value(), TpmRh.PLATFORM.value()}) {
            exact(os.seed(h), ObjectState.SEED_SIZE, "primary seed", where);
        }
        int[] handles = os.persistentHandles();
        if (handles.length > NvBudget.MAX_PERSISTENT_OBJECTS) {
            throw new TpmStateException("state file " + where + ": " + handles.length
                    + " persistent objects, more than NV holds (" + NvBudget.MAX_PERSISTENT_OBJECTS + ")");
        }
        for (int handle : handles) {
            int hierarchy = os.persistent(handle).hierarchy();
            boolean platformRange = Integer.compareUnsigned(handle, ObjectState.PLATFORM_PERSISTENT) >= 0;
            // EvictControl: owner persists storage and endorsement objects in its range, platform its own in its own
            boolean ok = (handle >>> 24) == TpmHt.PERSISTENT.value()
                    && (platformRange ? hierarchy == TpmRh.PLATFORM.value()
                            : hierarchy == TpmRh.OWNER.value() || hierarchy == TpmRh.ENDORSEMENT.value());
            if (!ok) {
                throw new TpmStateException(String.format("state file %s: persistent object 0x%08x of hierarchy"
                        + " 0x%08x is out of range", where, handle, hierarchy));
            }
        }
        return os;
    }

    private static ObjectState newObjectState(EntropySource entropy) {
        byte[] e = new byte[ObjectState.SEED_SIZE * 3];
        entropy.fill(e);
        return new ObjectState(Arrays.copyOfRange(e, 0, 64), Arrays.copyOfRange(e, 64, 128),
                Arrays.copyOfRange(e, 128, 192));
    }

    private static int[] readMaps(TpmReader r, int n, String where) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = r.u32();
            if ((m[i] & ~((1 << PcrAttributes.COUNT) - 1)) != 0) {
                throw new TpmStateException("state file " + where + ": bad PCR allocation");
            }
        }
        return m;
    }

    private static boolean bool(TpmReader r, String where) {
        int b = r.u8();
        if (b > 1) {
            throw new TpmStateException("state file " + where + ": bad flag value " + b);
        }
        return b == 1;
    }

    /**
     * The saved state payload: the H-CRTM flag, the PCR update counter, platformAuth and the
     * hierarchy enables, every PCR ({@code all}: a volatile state, restored whole; else a
     * Shutdown(STATE), of which Startup restores the PCRs with the stateSave attribute), the
     * command audit digest, platformPolicy and the PCR group's authValue.
     */
    static byte[] encodeSaved(boolean all, boolean hcrtmPreStartup, PcrBanks pcrs, Hierarchies hi,
            CommandAudit audit) {
        TpmWriter w = new TpmWriter(4096);
        w.u16(SAVED_VERSION);
        w.u8(all ? 1 : 0);
        w.u8(hcrtmPreStartup ? 1 : 0);
        w.u32(pcrs.updateCounter());
        w.tpm2b(hi.platformAuth);
        w.u8(hi.phEnable ? 1 : 0).u8(hi.shEnable ? 1 : 0).u8(hi.ehEnable ? 1 : 0);
        for (HashAlgorithm h : HashAlgorithm.all()) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                w.bytes(pcrs.value(h, i));
            }
        }
        audit.encodeDigest(w);
        writePolicy(w, hi.platformPolicy);
        w.tpm2b(pcrs.authValue(PcrAttributes.POLICY_GROUP));
        return w.toByteArray();
    }

    /** The H-CRTM flag of a saved state payload (checked by {@link #validateSaved} before use). */
    static boolean savedHcrtm(byte[] p) {
        return p.length > 3 && p[3] == 1;
    }

    /**
     * Checks a saved state payload completely: its version, flags and sizes.
     *
     * @throws TpmStateException when it is malformed
     */
    static void validateSaved(byte[] p, String where) {
        try {
            TpmReader r = new TpmReader(p, 0, p.length);
            int v = r.u16();
            if (v < 1 || v > SAVED_VERSION) {
                throw new TpmStateException("state file " + where + ": saved state version not supported");
            }
            bool(r, where);
            bool(r, where);
            r.u32();
            r.tpm2b(64);
            bool(r, where);
            bool(r, where);
            bool(r, where);
            for (HashAlgorithm h : HashAlgorithm.all()) {
                r.skip(h.digestSize() * PcrAttributes.COUNT);
            }
            if (v >= 2) {
                CommandAudit.decodeDigest(r);
            }
            if (v >= 3) {
                readPolicy(r);
                r.tpm2b(HashAlgorithm.MAX_DIGEST);
            }
            r.end();
        } catch (TpmRcException e) {
            throw new TpmStateException("state file " + where + ": malformed saved state");
        }
    }

    /**
     * Restores a saved state payload into {@code pcrs}, {@code hi} and {@code audit}; returns its
     * H-CRTM flag. Every PCR comes back when {@code all} and the payload holds all; else only the
     * PCRs with the stateSave attribute.
     *
     * @throws TpmStateException when it is malformed
     */
    static boolean restoreSaved(byte[] p, boolean all, String where, PcrBanks pcrs, Hierarchies hi,
            CommandAudit audit) {
        validateSaved(p, where);
        TpmReader r = new TpmReader(p, 0, p.length);
        int v = r.u16();
        boolean savedAll = r.u8() == 1;
        boolean hcrtmPreStartup = r.u8() == 1;
        pcrs.setUpdateCounter(r.u32());
        hi.platformAuth = r.tpm2b(64);
        hi.phEnable = r.u8() == 1;
        hi.shEnable = r.u8() == 1;
        hi.ehEnable = r.u8() == 1;
        for (HashAlgorithm h : HashAlgorithm.all()) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                byte[] value = r.bytes(h.digestSize());
                if ((all && savedAll) || PcrAttributes.stateSave(i)) {
                    pcrs.set(h, i, value);
                }
            }
        }
        restoreAuditDigest(r, v, audit);
        if (v >= 3) {
            hi.platformPolicy = readPolicy(r);
            pcrs.setAuthValue(r.tpm2b(HashAlgorithm.MAX_DIGEST));
        }
        return hcrtmPreStartup;
    }

    /**
     * TPM Restart: only the command audit digest of a saved state payload comes back (state-reset
     * data, Part 1, 36.5).
     *
     * @throws TpmStateException when it is malformed
     */
    static void restoreAuditDigest(byte[] p, String where, CommandAudit audit) {
        validateSaved(p, where);
        TpmReader r = new TpmReader(p, 0, p.length);
        int v = r.u16();
        r.skip(2 + 4);
        r.skip(r.u16());
        r.skip(3);
        for (HashAlgorithm h : HashAlgorithm.all()) {
            r.skip(h.digestSize() * PcrAttributes.COUNT);
        }
        restoreAuditDigest(r, v, audit);
    }

    private static void restoreAuditDigest(TpmReader r, int version, CommandAudit audit) {
        audit.restoreDigest(version >= 2 ? CommandAudit.decodeDigest(r) : new byte[0]);
    }
}
