package io.jvtpm.engine.core;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.crypto.EcCommits;
import io.jvtpm.engine.crypto.Digests;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.platform.NvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.session.SessionTable;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM's state (TPM 2.0 Library Part 1): hierarchies, PCRs, transient objects, sessions,
 * seeds and persistent objects, Clock, the random number generator, the {@link Lifecycle} and
 * failure mode, with the permanent state written to the platform's NV store after each command
 * that changed it. Commands reach the shared services through here. Not thread-safe: the backend
 * runs one command at a time.
 */
public final class TpmEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TpmEngine.class);
    /** MAX_LOADED_OBJECTS (TPM_PT_HR_TRANSIENT_MIN). */
    public static final int OBJECT_SLOTS = TransientObjects.SLOTS;

    private final Platform platform;
    private final NvStore nv;
    private final Digests digests = new Digests();
    private final PcrBanks pcrs = new PcrBanks();
    private final TransientObjects transients = new TransientObjects();
    private final SessionTable sessions = new SessionTable();
    private final Lifecycle lifecycle;
    private final RandomPool random;
    private final StateBlobs blobs;
    private final EcCommits eccCommits;
    private Hierarchies hierarchies;
    private DictionaryAttack dictionaryAttack;
    private ObjectState objectState;
    private NvIndices nvIndices;
    private CommandAudit commandAudit;
    private TpmClock clock;
    private int[] pendingAllocation;
    /** The DRBG seed the next boot starts from. */
    private byte[] drbgSeed;
    private boolean permanentDirty;
    private int bufferSize = 4096;
    /** Why the TPM is in failure mode, or null. */
    private Failure failure;

    /**
     * Loads the permanent state from the platform's NV store, or manufactures a new TPM when the
     * store holds no state at all.
     *
     * @throws TpmStateException when a state file is unusable, or the permanent state is missing
     *     while another state file is there
     */
    public TpmEngine(Platform platform) {
        this.platform = platform;
        this.nv = platform.nv();
        this.lifecycle = new Lifecycle(this);
        this.blobs = new StateBlobs(this);
        String name = StateFile.Kind.PERMANENT.fileName();
        byte[] file = nv.load(name);
        byte[] entropy = RandomPool.entropy(platform.entropy());
        if (file == null) {
            blobs.requireNone();
            manufacture(entropy);
        } else {
            String where = nv.describe(name);
            apply(StateCodec.decodePermanent(StateFile.open(StateFile.Kind.PERMANENT, file, where), where,
                    platform.entropy()));
            blobs.checkSaved();
        }
        random = new RandomPool(platform.entropy(), concat(entropy, drbgSeed));
        // the next boot's seed must not repeat this one
        drbgSeed = random.nextBootSeed();
        objectState.reset(random.bytes(ObjectState.SEED_SIZE), random.bytes(ObjectState.SEED_SIZE));
        eccCommits = new EcCommits(this::random);
        savePermanent();
    }

    private void manufacture(byte[] entropy) {
        CtrDrbg tmp = new CtrDrbg(concat(entropy, RandomPool.entropy(platform.entropy())));
        hierarchies = new Hierarchies(generate(tmp, 64), generate(tmp, 64), generate(tmp, 64));
        dictionaryAttack = new DictionaryAttack();
        nvIndices = new NvIndices();
        commandAudit = CommandAudit.manufactured();
        objectState = new ObjectState(generate(tmp, ObjectState.SEED_SIZE), generate(tmp, ObjectState.SEED_SIZE),
                generate(tmp, ObjectState.SEED_SIZE));
        clock = new TpmClock(platform.clock(), 0);
        drbgSeed = generate(tmp, CtrDrbg.SEED_LEN);
        lifecycle.manufactured();
        LOG.info("manufactured a new TPM in {}", nv.describe(StateFile.Kind.PERMANENT.fileName()));
    }

    private static byte[] generate(CtrDrbg d, int n) {
        byte[] b = new byte[n];
        d.generate(b, 0, n);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Makes a decoded permanent state the TPM's; the null hierarchy's seed and proof stay. */
    private void apply(PermanentState s) {
        ObjectState os = s.objectState();
        if (objectState != null) {
            os.reset(objectState.seed(TpmRh.NULL.value()), objectState.nullProof());
        }
        objectState = os;
        hierarchies = s.hierarchies();
        dictionaryAttack = s.dictionaryAttack();
        nvIndices = s.nvIndices();
        commandAudit = s.commandAudit();
        pcrs.setAllocation(s.allocation());
        pcrs.setAuthPolicy(s.pcrPolicy());
        pendingAllocation = s.pendingAllocation();
        if (clock == null) {
            clock = new TpmClock(platform.clock(), s.clock());
        } else {
            clock.init(s.clock(), true);
        }
        lifecycle.restore(s);
        drbgSeed = s.drbgSeed();
    }

    private PermanentState permanentState(long clockValue) {
        return new PermanentState(hierarchies, pcrs.allocationCopy(), pendingAllocation, clockValue,
                lifecycle.resetCount(), lifecycle.restartCount(), lifecycle.orderly(), lifecycle.isEstablished(),
                drbgSeed, objectState, dictionaryAttack, nvIndices, commandAudit,
                pcrs.authPolicy(PcrAttributes.POLICY_GROUP));
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

    /**
     * The dictionary-attack state, self-healed to the current Time first (Part 1, 19.8.3: as the
     * TPM does before each command's authorization checks).
     */
    public DictionaryAttack dictionaryAttack() {
        if (dictionaryAttack.selfHeal(clock.time())) {
            permanentDirty = true;
        }
        return dictionaryAttack;
    }

    /**
     * Records a failed authorization of a DA-protected entity ({@code lockoutAuth}: of
     * TPM_RH_LOCKOUT) at the current Time; the permanent state is written after the command.
     */
    public void dictionaryAttackFailure(boolean lockoutAuth) {
        dictionaryAttack.failed(lockoutAuth, clock.time());
        permanentDirty = true;
    }

    /**
     * The first DA-protected authorization of a cycle: from now an unorderly end of the cycle
     * counts as a failure, and the last Shutdown no longer describes the TPM.
     */
    public void dictionaryAttackInUse() {
        orderlyLost();
        permanentDirty = true;
    }

    /** TPM2_Startup's effect on dictionary-attack protection ({@code previousOrderly}: the cycle ended with Shutdown). */
    void dictionaryAttackStartup(boolean previousOrderly) {
        dictionaryAttack.startup(previousOrderly);
        dictionaryAttack.selfHeal(clock.time());
    }

    /** TPM2_Shutdown's effect on dictionary-attack protection. */
    void dictionaryAttackShutdown() {
        dictionaryAttack.shutdown(clock.time());
    }

    public Platform platform() {
        return platform;
    }

    /** The loaded HMAC and policy sessions. */
    public SessionTable sessions() {
        return sessions;
    }

    /** Seeds, persistent objects and context counter (Part 1, 14.3, 30, 36). */
    public ObjectState objectState() {
        return objectState;
    }

    /** The NV indices (Part 1, 37). */
    public NvIndices nvIndices() {
        return nvIndices;
    }

    /** Command audit (Part 1, "Command Audit"): the audited commands, hash algorithm, counter and digest. */
    public CommandAudit commandAudit() {
        return commandAudit;
    }

    /** Startup's effect on the NV indices (NvEntityStartup). */
    void nvStartup(boolean resume, boolean reset, boolean previousOrderly) {
        nvIndices.startup(resume, reset, previousOrderly);
    }

    /** The transient object slots. */
    public TransientObjects transients() {
        return transients;
    }

    /** The commit state of ECDAA and the two-phase key exchange (Part 3, 19.2), reset at TPM Reset. */
    public EcCommits eccCommits() {
        return eccCommits;
    }

    /** The random number generator. */
    public RandomPool randomPool() {
        return random;
    }

    /** Random bytes from the DRBG. */
    public void random(byte[] out, int off, int len) {
        random.random(out, off, len);
    }

    /** TPM2_StirRandom: mixes {@code data} into the DRBG; output not yet served is discarded. */
    public void stir(byte[] data) {
        random.stir(data);
    }

    /** TPM_PT_MAX_COMMAND_SIZE / MAX_RESPONSE_SIZE. */
    public int bufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int size) {
        bufferSize = size;
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

    /** Startup(CLEAR) or a restart: a pending PCR allocation takes effect. */
    void applyPendingAllocation() {
        if (pendingAllocation != null) {
            pcrs.setAllocation(pendingAllocation);
            pendingAllocation = null;
        }
    }

    // ---------------------------------------------------------------- transient objects

    /** The sequence object of a transient handle, or null when none (or a key) is loaded there. */
    public HashSequence object(int handle) {
        return transients.sequence(handle);
    }

    /** The object of a transient or persistent handle, or null when there is none. */
    public LoadedObject loaded(int handle) {
        if (TpmHt.PERSISTENT.matches(handle)) {
            return objectState.persistent(handle);
        }
        return transients.key(handle);
    }

    /** Unloads every transient object of {@code hierarchy}. */
    public void flushHierarchy(int hierarchy) {
        transients.flushHierarchy(hierarchy);
    }

    /**
     * Loads a key or data object and returns its handle.
     *
     * @throws TpmRcException TPM_RC_OBJECT_MEMORY when every slot is taken
     */
    public int loadObject(LoadedObject o) {
        return transients.load(new TransientObject.Key(o));
    }

    /**
     * Loads a sequence object and returns its handle.
     *
     * @throws TpmRcException TPM_RC_OBJECT_MEMORY when every slot is taken
     */
    public int loadObject(HashSequence s) {
        return transients.load(new TransientObject.Sequence(s));
    }

    /** Unloads the object at {@code handle}; false when none was there. */
    public boolean flushObject(int handle) {
        return transients.flush(handle);
    }

    /** Handles of loaded objects, ascending. */
    public int[] loadedObjects() {
        return transients.handles();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * _TPM_Init. With {@code deleteVolatile} a stored volatile state is dropped, else resumed.
     * It ends failure mode: the state that may have been half changed is read back from NV.
     */
    public void init(boolean deleteVolatile) {
        if (failure != null) {
            reloadPermanent();
            LOG.info("_TPM_Init: leaving failure mode ({})", failure.reason());
            failure = null;
        }
        lifecycle.init(deleteVolatile);
    }

    private void reloadPermanent() {
        String name = StateFile.Kind.PERMANENT.fileName();
        byte[] file = nv.load(name);
        if (file != null) {
            String where = nv.describe(name);
            apply(StateCodec.decodePermanent(StateFile.open(StateFile.Kind.PERMANENT, file, where), where,
                    platform.entropy()));
        }
        permanentDirty = false;
    }

    /** Power off: Clock and the permanent state go to NV (not in failure mode); the TPM stops. */
    public void powerOff() {
        if (lifecycle.isInitialized() && failure == null) {
            savePermanent();
        }
        lifecycle.powerOff();
    }

    /**
     * TPM2_Startup (Part 3, 9.3) from {@code locality}.
     *
     * @throws TpmRcException TPM_RC_LOCALITY, TPM_RC_VALUE for a STATE startup without saved state
     */
    public void startup(TpmSu su, int locality) {
        lifecycle.startup(su, locality);
    }

    /**
     * TPM2_Shutdown (Part 3, 9.4).
     *
     * @throws TpmRcException TPM_RC_TYPE + P1 for STATE while a PCR allocation is pending
     */
    public void shutdown(TpmSu su) {
        lifecycle.shutdown(su);
    }

    /** The shutdown state since the last Startup. */
    public Orderly orderly() {
        return lifecycle.orderly();
    }

    /**
     * A state change after Shutdown: the saved state no longer matches, so the next startup is
     * not orderly (Part 1, 36.5).
     */
    public void orderlyLost() {
        if (lifecycle.orderlyLost()) {
            permanentDirty = true;
        }
    }

    public int resetCount() {
        return lifecycle.resetCount();
    }

    public int restartCount() {
        return lifecycle.restartCount();
    }

    public boolean isInitialized() {
        return lifecycle.isInitialized();
    }

    public boolean isStarted() {
        return lifecycle.isStarted();
    }

    public boolean isEstablished() {
        return lifecycle.isEstablished();
    }

    public void selfTested() {
        lifecycle.selfTested();
    }

    public boolean isSelfTested() {
        return lifecycle.isSelfTested();
    }

    /** _TPM_Hash_Start (Part 3, 6.3); ignored while stopped or in failure mode. */
    public void hashStart() {
        lifecycle.hashStart();
    }

    /** _TPM_Hash_Data (Part 3, 6.4); ignored without a preceding _TPM_Hash_Start. */
    public void hashData(byte[] data) {
        lifecycle.hashData(data);
    }

    /** _TPM_Hash_End (Part 3, 6.5): an H-CRTM or DRTM event; tpmEstablished is set. */
    public void hashEnd() {
        lifecycle.hashEnd();
    }

    /** Clears tpmEstablished (not in failure mode, where no state is written). */
    public void resetEstablished() {
        if (failure == null && lifecycle.resetEstablished()) {
            savePermanent();
        }
    }

    // ---------------------------------------------------------------- failure mode

    /**
     * Enters failure mode (Part 3, 5.3 and 10.4): from now until the next _TPM_Init
     * the TPM answers only GetTestResult and a restricted GetCapability, and writes no state.
     * The first failure is kept.
     */
    public void enterFailureMode(Failure f) {
        if (failure == null) {
            failure = f;
            LOG.error("entering failure mode after command 0x{}: {}", Integer.toHexString(f.commandCode()),
                    f.reason());
        }
    }

    /** Why the TPM is in failure mode, or null when it is not. */
    public Failure failure() {
        return failure;
    }

    // ---------------------------------------------------------------- commands' effects

    /** TPM2_Clear's effect on the TPM (Part 3, 24.6). */
    public void clear() {
        byte[] op = new byte[64];
        byte[] ep = new byte[64];
        random(op, 0, 64);
        random(ep, 0, 64);
        hierarchies.clear(op, ep);
        dictionaryAttack.clear();
        objectState.clearOwner(random.bytes(ObjectState.SEED_SIZE));
        objectState.primaryCache().clear();
        nvIndices.clearOwner();
        flushHierarchy(TpmRh.OWNER.value());
        clock.clearSafe();
        lifecycle.clearCounters();
        // the PCR authValues are cleared and, as in libtpms, the PCR update counter bumped
        pcrs.setAuthValue(new byte[0]);
        pcrs.changed(0);
        commandAudit.clearCounter();
        permanentDirty = true;
    }

    /** TPM2_ClockSet's effect. */
    public void setClock(long value) {
        clock.set(value);
        permanentDirty = true;
    }

    /** TPM2_ClockRateAdjust's effect. */
    public void adjustClock(int step) {
        clock.adjust(step);
    }

    // ---------------------------------------------------------------- permanent state in NV

    /** Marks the permanent state changed; it is written after the command. */
    public void permanentChanged() {
        permanentDirty = true;
    }

    /**
     * After each command: writes what changed (permanent state, Clock when its NV copy is due);
     * nothing in failure mode, where the state may be half changed.
     */
    public void afterCommand() {
        if (failure != null) {
            return;
        }
        boolean periodic = clock.updateDue();
        if (lifecycle.isStarted() && dictionaryAttack.selfHeal(clock.time())) {
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

    void savePermanentIfDirty() {
        if (permanentDirty) {
            savePermanent();
        }
    }

    private void save(boolean periodic) {
        long c = clock.clock();
        byte[] file = StateFile.seal(StateFile.Kind.PERMANENT, StateCodec.encodePermanent(permanentState(c)));
        nv.store(StateFile.Kind.PERMANENT.fileName(), file);
        clock.saved(c, periodic);
        permanentDirty = false;
    }

    // ---------------------------------------------------------------- state blobs

    /** The stored states as swtpm's state blobs. */
    public StateBlobs stateBlobs() {
        return blobs;
    }

    /** The permanent state as a sealed state file. */
    byte[] permanentFile() {
        return StateFile.seal(StateFile.Kind.PERMANENT, StateCodec.encodePermanent(permanentState(clock.clock())));
    }

    /** Replaces the permanent state with a decoded payload and writes it. */
    void replacePermanent(byte[] payload, String where) {
        apply(StateCodec.decodePermanent(payload, where, platform.entropy()));
        savePermanent();
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }
}
