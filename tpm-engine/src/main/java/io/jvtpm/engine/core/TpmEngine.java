package io.jvtpm.engine.core;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.crypto.Digests;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.session.SessionTable;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import java.security.MessageDigest;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM's state and its lifecycle (TPM 2.0 Library Part 1, 12 and 36; Part 3, 9): _TPM_Init,
 * Startup/Shutdown with TPM Reset, Restart and Resume, the H-CRTM/DRTM sequence
 * (_TPM_Hash_Start/Data/End), permanent and saved state in the platform's NV store, and the
 * shared services commands use (random numbers, digests, PCRs, hierarchies, sequence objects).
 * Not thread-safe: the backend runs one command at a time.
 */
public final class TpmEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TpmEngine.class);
    private static final int PERMANENT_VERSION = 2;
    private static final int SAVED_VERSION = 1;
    /** MAX_LOADED_OBJECTS (TPM_PT_HR_TRANSIENT_MIN). */
    public static final int OBJECT_SLOTS = 3;
    /** The first transient object handle. */
    public static final int TRANSIENT_FIRST = 0x80000000;

    private final Platform platform;
    private final Digests digests = new Digests();
    private final CtrDrbg drbg;
    private final PcrBanks pcrs = new PcrBanks();
    /** Transient slots: hash/event sequences and loaded objects ({@link LoadedObject}). */
    private final Object[] objects = new Object[OBJECT_SLOTS];
    private Hierarchies hierarchies;
    private ObjectState objectState;
    private final SessionTable sessions = new SessionTable();
    private TpmClock clock;

    // permanent state besides hierarchies and clock
    private int resetCount;
    private int restartCount;
    private Orderly orderly = Orderly.NONE;
    private int[] pendingAllocation;
    private boolean established;
    private byte[] drbgSeed;

    // volatile state
    private boolean initialized;
    private boolean started;
    private boolean selfTested;
    private boolean hcrtmPreStartup;
    private HashSequence hcrtmSequence;
    private boolean permanentDirty;
    /** Bytes of DRBG output drawn per request. */
    private static final int POOL = 1024;
    private final byte[] pool = new byte[POOL];
    private int poolPos = POOL;
    private int bufferSize = 4096;

    /**
     * Loads the permanent state from the platform's NV store, or manufactures a new TPM when there
     * is none.
     *
     * @throws TpmStateException when a state file exists but is unusable
     */
    public TpmEngine(Platform platform) {
        this.platform = platform;
        byte[] file = platform.nv().load(StateFile.Kind.PERMANENT.fileName());
        byte[] entropy = new byte[CtrDrbg.SEED_LEN];
        platform.entropy().fill(entropy);
        if (file == null) {
            manufacture(entropy);
        } else {
            String where = platform.nv().describe(StateFile.Kind.PERMANENT.fileName());
            decodePermanent(StateFile.open(StateFile.Kind.PERMANENT, file, where), where);
        }
        drbg = new CtrDrbg(concat(entropy, drbgSeed));
        // the next boot's seed must not repeat this one
        drbgSeed = new byte[CtrDrbg.SEED_LEN];
        drbg.generate(drbgSeed, 0, drbgSeed.length);
        objectState.reset(randomBytes(ObjectState.SEED_SIZE), randomBytes(ObjectState.SEED_SIZE));
        savePermanent();
        for (int i = 0; i < OBJECT_SLOTS; i++) {
            objects[i] = null;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random(b, 0, n);
        return b;
    }

    private void manufacture(byte[] entropy) {
        byte[] seed = new byte[CtrDrbg.SEED_LEN];
        platform.entropy().fill(seed);
        CtrDrbg tmp = new CtrDrbg(concat(entropy, seed));
        hierarchies = new Hierarchies(random(tmp, 64), random(tmp, 64), random(tmp, 64));
        objectState = new ObjectState(random(tmp, ObjectState.SEED_SIZE), random(tmp, ObjectState.SEED_SIZE),
                random(tmp, ObjectState.SEED_SIZE));
        clock = new TpmClock(platform.clock(), 0);
        drbgSeed = random(tmp, CtrDrbg.SEED_LEN);
        orderly = Orderly.CLEAR;
        LOG.info("manufactured a new TPM in {}", platform.nv().describe(StateFile.Kind.PERMANENT.fileName()));
    }

    private static byte[] random(CtrDrbg d, int n) {
        byte[] b = new byte[n];
        d.generate(b, 0, n);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---------------------------------------------------------------- services for commands

    public Digests digests() {
        return digests;
    }

    public PcrBanks pcrs() {
        return pcrs;
    }

    public Hierarchies hierarchies() {
        return hierarchies;
    }

    public TpmClock clock() {
        return clock;
    }

    public Platform platform() {
        return platform;
    }

    public int resetCount() {
        return resetCount;
    }

    public int restartCount() {
        return restartCount;
    }

    /**
     * Random bytes from the DRBG. Output is drawn in blocks of {@link #POOL} bytes (one DRBG
     * request, one key update) and handed out in order; served bytes are wiped from the pool.
     */
    public void random(byte[] out, int off, int len) {
        while (len > 0) {
            if (poolPos == POOL) {
                refillPool();
            }
            int n = Math.min(len, POOL - poolPos);
            System.arraycopy(pool, poolPos, out, off, n);
            Arrays.fill(pool, poolPos, poolPos + n, (byte) 0);
            poolPos += n;
            off += n;
            len -= n;
        }
    }

    private void refillPool() {
        if (drbg.needsReseed()) {
            byte[] e = new byte[CtrDrbg.SEED_LEN];
            platform.entropy().fill(e);
            drbg.reseed(e);
        }
        drbg.generate(pool, 0, POOL);
        poolPos = 0;
    }

    /** TPM2_StirRandom: mixes {@code data} into the DRBG; output not yet served is discarded. */
    public void stir(byte[] data) {
        drbg.reseed(data);
        discardPool();
    }

    private void discardPool() {
        Arrays.fill(pool, (byte) 0);
        poolPos = POOL;
    }

    /** Marks the permanent state changed; it is written after the command. */
    public void permanentChanged() {
        permanentDirty = true;
    }

    /**
     * A state change after Shutdown: the saved state no longer matches, so the next startup is
     * not orderly (Part 1, 36.5).
     */
    public void orderlyLost() {
        if (orderly != Orderly.NONE) {
            orderly = Orderly.NONE;
            permanentDirty = true;
        }
    }

    /** TPM_PT_MAX_COMMAND_SIZE / MAX_RESPONSE_SIZE. */
    public int bufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int size) {
        bufferSize = size;
    }

    /** The shutdown state since the last Startup. */
    public Orderly orderly() {
        return orderly;
    }

    public boolean isInitialized() {
        return initialized;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isEstablished() {
        return established;
    }

    public void selfTested() {
        selfTested = true;
    }

    public boolean isSelfTested() {
        return selfTested;
    }

    /** The PCR allocation waiting for the next Startup(CLEAR), or null. */
    public int[] pendingAllocation() {
        return pendingAllocation;
    }

    /** TPM2_PCR_Allocate's effect: the allocation to apply at the next Startup(CLEAR). */
    public void setPendingAllocation(int[] maps) {
        pendingAllocation = maps.clone();
        orderlyLost();
        permanentDirty = true;
    }

    // ---------------------------------------------------------------- object slots

    /** The sequence object of a transient handle, or null when none (or a key) is loaded there. */
    public HashSequence object(int handle) {
        return slot(handle) instanceof HashSequence s ? s : null;
    }

    /** What a transient slot holds (a {@link HashSequence} or a {@link LoadedObject}), or null. */
    public Object slot(int handle) {
        int i = handle - TRANSIENT_FIRST;
        return i >= 0 && i < OBJECT_SLOTS ? objects[i] : null;
    }

    /** The object of a transient or persistent handle, or null when there is none. */
    public LoadedObject loaded(int handle) {
        if ((handle >>> 24) == 0x81) {
            return objectState.persistent(handle);
        }
        return slot(handle) instanceof LoadedObject o ? o : null;
    }

    /** The loaded HMAC sessions. */
    public SessionTable sessions() {
        return sessions;
    }

    /** Seeds, persistent objects and context counter (Part 1, 14.3, 30, 36). */
    public ObjectState objectState() {
        return objectState;
    }

    /** Unloads every transient object of {@code hierarchy}. */
    public void flushHierarchy(int hierarchy) {
        for (int i = 0; i < OBJECT_SLOTS; i++) {
            if (objects[i] instanceof LoadedObject o && o.hierarchy() == hierarchy) {
                objects[i] = null;
            }
        }
    }

    /**
     * Loads a sequence or key object and returns its handle.
     *
     * @throws TpmRcException TPM_RC_OBJECT_MEMORY when every slot is taken
     */
    public int loadObject(Object s) {
        for (int i = 0; i < OBJECT_SLOTS; i++) {
            if (objects[i] == null) {
                objects[i] = s;
                return TRANSIENT_FIRST + i;
            }
        }
        throw new TpmRcException(TpmRc.OBJECT_MEMORY.value());
    }

    /** Unloads the object at {@code handle}; false when none was there. */
    public boolean flushObject(int handle) {
        int i = handle - TRANSIENT_FIRST;
        if (i >= 0 && i < OBJECT_SLOTS && objects[i] != null) {
            objects[i] = null;
            return true;
        }
        return false;
    }

    /** Handles of loaded objects, ascending. */
    public int[] loadedObjects() {
        int n = 0;
        int[] h = new int[OBJECT_SLOTS];
        for (int i = 0; i < OBJECT_SLOTS; i++) {
            if (objects[i] != null) {
                h[n++] = TRANSIENT_FIRST + i;
            }
        }
        return Arrays.copyOf(h, n);
    }

    // ---------------------------------------------------------------- lifecycle

    /** _TPM_Init. With {@code deleteVolatile} a stored volatile state is dropped, else resumed. */
    public void init(boolean deleteVolatile) {
        String vname = StateFile.Kind.VOLATILE.fileName();
        byte[] vol = platform.nv().load(vname);
        if (deleteVolatile && vol != null) {
            platform.nv().delete(vname);
            vol = null;
        }
        Arrays.fill(objects, null);
        sessions.clear();
        hcrtmSequence = null;
        hcrtmPreStartup = false;
        started = false;
        selfTested = false;
        platform.signals().clearCancel();
        // Clock runs only while the TPM has power: after a power-off it resumes from its NV copy
        clock.init(initialized ? clock.clock() : clock.savedValue(), orderly != Orderly.NONE);
        byte[] e = new byte[CtrDrbg.SEED_LEN];
        platform.entropy().fill(e);
        drbg.reseed(e);
        discardPool();
        initialized = true;
        if (vol != null) {
            byte[] payload = StateFile.open(StateFile.Kind.VOLATILE, vol, platform.nv().describe(vname));
            restoreSaved(payload, true, platform.nv().describe(vname));
            platform.nv().delete(vname);
            started = true;
            selfTested = true;
            LOG.debug("resumed the stored volatile state");
        }
    }

    /** Power off: Clock and the permanent state go to NV; the TPM stops. */
    public void powerOff() {
        if (initialized) {
            savePermanent();
        }
        initialized = false;
        started = false;
        hcrtmSequence = null;
        Arrays.fill(objects, null);
    }

    /**
     * TPM2_Startup (Part 3, 9.3) from {@code locality}.
     *
     * @throws TpmRcException TPM_RC_LOCALITY, TPM_RC_VALUE for a STATE startup without saved state
     */
    public void startup(TpmSu su, int locality) {
        if (locality != 0 && locality != 3) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
        byte[] saved = null;
        String sname = StateFile.Kind.SAVESTATE.fileName();
        if (su == TpmSu.STATE) {
            if (orderly != Orderly.STATE || pendingAllocation != null) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
            byte[] file = platform.nv().load(sname);
            if (file == null) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
            saved = StateFile.open(StateFile.Kind.SAVESTATE, file, platform.nv().describe(sname));
            if (hcrtmPreStartup != savedHcrtm(saved)) {
                throw new TpmRcException(TpmRc.LOCALITY.value());
            }
        }
        boolean resume = saved != null;
        boolean restart = !resume && orderly == Orderly.STATE;
        if (resume || restart) {
            restartCount++;
        } else {
            resetCount++;
            restartCount = 0;
        }
        if (!resume) {
            if (pendingAllocation != null) {
                pcrs.setAllocation(pendingAllocation);
                pendingAllocation = null;
            }
            hierarchies.startupClear();
        }
        if (!resume && !restart) {
            objectState.reset(randomBytes(ObjectState.SEED_SIZE), randomBytes(ObjectState.SEED_SIZE));
        }
        initPcrs(locality);
        if (resume) {
            restoreSaved(saved, false, platform.nv().describe(sname));
        } else {
            pcrs.setUpdateCounter(0);
        }
        platform.nv().delete(sname);
        orderly = Orderly.NONE;
        started = true;
        savePermanent();
        LOG.debug("Startup({}) at locality {}: {}", su, locality, resume ? "resume" : restart ? "restart" : "reset");
    }

    private void initPcrs(int locality) {
        for (int i = 0; i < PcrAttributes.COUNT; i++) {
            if (i == PcrAttributes.HCRTM_PCR && hcrtmPreStartup) {
                continue;
            }
            if (PcrAttributes.drtm(i)) {
                pcrs.fill(i, (byte) 0xFF, (byte) 0xFF);
            } else if (i == 0) {
                pcrs.fill(i, (byte) 0, (byte) (locality == 3 ? 3 : 0));
            } else {
                pcrs.fill(i, (byte) 0, (byte) 0);
            }
        }
    }

    /**
     * TPM2_Shutdown (Part 3, 9.4).
     *
     * @throws TpmRcException TPM_RC_TYPE + P1 for STATE while a PCR allocation is pending
     */
    public void shutdown(TpmSu su) {
        String sname = StateFile.Kind.SAVESTATE.fileName();
        if (su == TpmSu.STATE) {
            if (pendingAllocation != null) {
                throw new TpmRcException(TpmRc.TYPE.param(1));
            }
            platform.nv().store(sname, StateFile.seal(StateFile.Kind.SAVESTATE, encodeSaved(false)));
            orderly = Orderly.STATE;
        } else {
            platform.nv().delete(sname);
            orderly = Orderly.CLEAR;
        }
        savePermanent();
    }

    /** TPM2_Clear's effect on the TPM (Part 3, 24.6). */
    public void clear() {
        byte[] op = new byte[64];
        byte[] ep = new byte[64];
        random(op, 0, 64);
        random(ep, 0, 64);
        hierarchies.clear(op, ep);
        objectState.clearOwner(randomBytes(ObjectState.SEED_SIZE));
        objectState.primaryCache().clear();
        flushHierarchy(0x40000001);
        clock.clearSafe();
        resetCount = 0;
        restartCount = 0;
        permanentDirty = true;
    }

    /** TPM2_ClockSet's effect. */
    public void setClock(long value) {
        clock.set(value);
        saveClockNow();
    }

    /** TPM2_ClockRateAdjust's effect. */
    public void adjustClock(int step) {
        clock.adjust(step);
    }

    private void saveClockNow() {
        permanentDirty = true;
    }

    /** After each command: writes what changed (permanent state, Clock when its NV copy is due). */
    public void afterCommand() {
        boolean periodic = clock.updateDue();
        if (hierarchies.recoverLockout(clock.clock())) {
            permanentDirty = true;
        }
        if (permanentDirty || periodic) {
            save(periodic);
        }
    }

    /** Writes the permanent state now. */
    public void savePermanent() {
        save(false);
    }

    private void save(boolean periodic) {
        long c = clock.clock();
        byte[] file = StateFile.seal(StateFile.Kind.PERMANENT, encodePermanent(c));
        platform.nv().store(StateFile.Kind.PERMANENT.fileName(), file);
        clock.saved(c, periodic);
        permanentDirty = false;
    }

    // ---------------------------------------------------------------- H-CRTM / DRTM

    /** _TPM_Hash_Start (Part 3, 6.3). */
    public void hashStart() {
        if (!initialized) {
            return;
        }
        hcrtmSequence = new HashSequence(null, new byte[0], digests);
    }

    /** _TPM_Hash_Data (Part 3, 6.4); ignored without a preceding _TPM_Hash_Start. */
    public void hashData(byte[] data) {
        if (hcrtmSequence != null) {
            hcrtmSequence.update(data, 0, data.length);
        }
    }

    /**
     * _TPM_Hash_End (Part 3, 6.5): before Startup this is an H-CRTM event (PCR[0] starts at
     * 0..04 and is extended); after it a DRTM event (PCRs 17-22 reset to zero, PCR[17] extended).
     * Either way tpmEstablished is set.
     */
    public void hashEnd() {
        HashSequence s = hcrtmSequence;
        if (s == null) {
            return;
        }
        hcrtmSequence = null;
        int pcr;
        if (!started) {
            hcrtmPreStartup = true;
            pcr = PcrAttributes.HCRTM_PCR;
            pcrs.fill(pcr, (byte) 0, (byte) 4);
        } else {
            pcr = PcrAttributes.DRTM_PCR;
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                if (PcrAttributes.drtm(i)) {
                    pcrs.fill(i, (byte) 0, (byte) 0);
                }
            }
            orderlyLost();
        }
        for (HashAlgorithm h : HashAlgorithm.all()) {
            byte[] d = s.finish(h);
            MessageDigest md = digests.get(h);
            pcrs.extend(h, pcr, md, d, 0);
        }
        pcrs.changed(pcr);
        if (!established) {
            established = true;
            permanentDirty = true;
        }
        savePermanentIfDirty();
    }

    /** Clears tpmEstablished. */
    public void resetEstablished() {
        if (established) {
            established = false;
            savePermanent();
        }
    }

    private void savePermanentIfDirty() {
        if (permanentDirty) {
            savePermanent();
        }
    }

    // ---------------------------------------------------------------- state blobs

    /** The permanent state as a sealed state file. */
    public byte[] permanentBlob() {
        return StateFile.seal(StateFile.Kind.PERMANENT, encodePermanent(clock.clock()));
    }

    /** The running volatile state as a sealed state file, or empty when not started. */
    public byte[] volatileBlob() {
        if (!started) {
            byte[] f = platform.nv().load(StateFile.Kind.VOLATILE.fileName());
            return f == null ? new byte[0] : f;
        }
        return StateFile.seal(StateFile.Kind.VOLATILE, encodeSaved(true));
    }

    /** TPM_STORE_VOLATILE: writes the running volatile state to NV (nothing when not started). */
    public void storeVolatile() {
        if (started) {
            platform.nv().store(StateFile.Kind.VOLATILE.fileName(), volatileBlob());
        }
    }

    /** The state Shutdown(STATE) saved, as a sealed state file, or empty. */
    public byte[] savestateBlob() {
        byte[] f = platform.nv().load(StateFile.Kind.SAVESTATE.fileName());
        return f == null ? new byte[0] : f;
    }

    /**
     * Replaces one kind of stored state (while stopped). The blob is checked completely first.
     *
     * @throws TpmStateException when it is corrupt or of another kind
     */
    public void setBlob(StateFile.Kind kind, byte[] blob) {
        String where = "blob of kind " + kind;
        byte[] payload = StateFile.open(kind, blob, where);
        if (kind == StateFile.Kind.PERMANENT) {
            decodePermanent(payload, where);
            savePermanent();
        } else {
            // decode into a scratch engine state to validate before storing
            validateSaved(payload, where);
            platform.nv().store(kind.fileName(), blob);
            if (kind == StateFile.Kind.SAVESTATE) {
                orderly = Orderly.STATE;
                savePermanent();
            }
        }
    }

    // ---------------------------------------------------------------- encoding

    private byte[] encodePermanent(long clockValue) {
        TpmWriter w = new TpmWriter(1024);
        w.u16(PERMANENT_VERSION);
        Hierarchies hi = hierarchies;
        w.tpm2b(hi.ownerAuth).tpm2b(hi.endorsementAuth).tpm2b(hi.lockoutAuth);
        w.tpm2b(hi.ownerProof).tpm2b(hi.endorsementProof).tpm2b(hi.platformProof);
        w.u8(hi.phEnableNV ? 1 : 0).u8(hi.disableClear ? 1 : 0);
        w.u8(hi.lockoutAuthEnabled ? 1 : 0).u64(hi.lockoutFailedAtClock).u32(hi.lockoutRecovery);
        int[] alloc = pcrs.allocationCopy();
        w.u8(alloc.length);
        for (int a : alloc) {
            w.u32(a);
        }
        w.u8(pendingAllocation == null ? 0 : 1);
        if (pendingAllocation != null) {
            for (int a : pendingAllocation) {
                w.u32(a);
            }
        }
        w.u64(clockValue);
        w.u32(resetCount).u32(restartCount);
        w.u8(orderly.ordinal());
        w.u8(established ? 1 : 0);
        w.tpm2b(drbgSeed);
        objectState.encode(w);
        return w.toByteArray();
    }

    private void decodePermanent(byte[] p, String where) {
        try {
            TpmReader r = new TpmReader(p, 0, p.length);
            int v = r.u16();
            if (v != 1 && v != PERMANENT_VERSION) {
                throw new TpmStateException("state file " + where + ": permanent state version " + v
                        + " is not supported");
            }
            byte[] oa = r.tpm2b(64);
            byte[] ea = r.tpm2b(64);
            byte[] la = r.tpm2b(64);
            Hierarchies hi = new Hierarchies(r.tpm2b(64), r.tpm2b(64), r.tpm2b(64));
            hi.ownerAuth = oa;
            hi.endorsementAuth = ea;
            hi.lockoutAuth = la;
            hi.phEnableNV = bool(r, where);
            hi.disableClear = bool(r, where);
            hi.lockoutAuthEnabled = bool(r, where);
            hi.lockoutFailedAtClock = r.u64();
            hi.lockoutRecovery = r.u32();
            int n = r.u8();
            if (n != HashAlgorithm.all().length) {
                throw new TpmStateException("state file " + where + ": " + n + " PCR banks, expected "
                        + HashAlgorithm.all().length);
            }
            int[] alloc = readMaps(r, n, where);
            int[] pending = bool(r, where) ? readMaps(r, n, where) : null;
            long c = r.u64();
            int rc = r.u32();
            int rs = r.u32();
            int o = r.u8();
            if (o >= Orderly.values().length) {
                throw new TpmStateException("state file " + where + ": bad orderly state " + o);
            }
            boolean est = bool(r, where);
            byte[] seed = r.tpm2b(CtrDrbg.SEED_LEN);
            ObjectState os;
            if (v == 1) {
                // version 1 had no primary seeds: this TPM gets its seeds now
                byte[] e = new byte[ObjectState.SEED_SIZE * 3];
                platform.entropy().fill(e);
                os = new ObjectState(Arrays.copyOfRange(e, 0, 64), Arrays.copyOfRange(e, 64, 128),
                        Arrays.copyOfRange(e, 128, 192));
            } else {
                os = ObjectState.decode(r);
            }
            r.end();
            if (objectState != null) {
                os.reset(objectState.seed(0x40000007), objectState.nullProof());
            }
            objectState = os;
            hierarchies = hi;
            pcrs.setAllocation(alloc);
            pendingAllocation = pending;
            if (clock == null) {
                clock = new TpmClock(platform.clock(), c);
            } else {
                clock.init(c, true);
            }
            resetCount = rc;
            restartCount = rs;
            orderly = Orderly.values()[o];
            established = est;
            drbgSeed = seed;
        } catch (TpmRcException e) {
            throw new TpmStateException("state file " + where + ": malformed permanent state");
        }
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

    private byte[] encodeSaved(boolean all) {
        TpmWriter w = new TpmWriter(4096);
        w.u16(SAVED_VERSION);
        w.u8(all ? 1 : 0);
        w.u8(hcrtmPreStartup ? 1 : 0);
        w.u32(pcrs.updateCounter());
        Hierarchies hi = hierarchies;
        w.tpm2b(hi.platformAuth);
        w.u8(hi.phEnable ? 1 : 0).u8(hi.shEnable ? 1 : 0).u8(hi.ehEnable ? 1 : 0);
        for (HashAlgorithm h : HashAlgorithm.all()) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                w.bytes(pcrs.value(h, i));
            }
        }
        return w.toByteArray();
    }

    private static boolean savedHcrtm(byte[] p) {
        return p.length > 3 && p[3] == 1;
    }

    private void validateSaved(byte[] p, String where) {
        try {
            TpmReader r = new TpmReader(p, 0, p.length);
            if (r.u16() != SAVED_VERSION) {
                throw new TpmStateException(where + ": saved state version not supported");
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
            r.end();
        } catch (TpmRcException e) {
            throw new TpmStateException(where + ": malformed saved state");
        }
    }

    private void restoreSaved(byte[] p, boolean all, String where) {
        validateSaved(p, where);
        TpmReader r = new TpmReader(p, 0, p.length);
        r.u16();
        boolean savedAll = r.u8() == 1;
        hcrtmPreStartup = r.u8() == 1;
        pcrs.setUpdateCounter(r.u32());
        Hierarchies hi = hierarchies;
        hi.platformAuth = r.tpm2b(64);
        hi.phEnable = r.u8() == 1;
        hi.shEnable = r.u8() == 1;
        hi.ehEnable = r.u8() == 1;
        for (HashAlgorithm h : HashAlgorithm.all()) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                byte[] v = r.bytes(h.digestSize());
                if ((all && savedAll) || PcrAttributes.stateSave(i)) {
                    pcrs.set(h, i, v);
                }
            }
        }
    }
}
