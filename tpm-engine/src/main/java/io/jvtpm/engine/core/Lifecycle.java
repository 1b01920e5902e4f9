package io.jvtpm.engine.core;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.pcr.PcrAttributes;
import io.jvtpm.engine.pcr.PcrBanks;
import io.jvtpm.engine.platform.NvStore;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmSu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TPM's lifecycle (TPM 2.0 Library Part 1, 12 and 36; Part 3, 6 and 9): _TPM_Init,
 * Startup with TPM Reset, Restart and Resume, Shutdown and the orderly state, the reset and
 * restart counters, power off, and the H-CRTM/DRTM sequence (_TPM_Hash_Start/Data/End) with
 * tpmEstablished.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final TpmEngine tpm;
    private final NvStore nv;

    // permanent
    private int resetCount;
    private int restartCount;
    private Orderly orderly = Orderly.NONE;
    private boolean established;

    // volatile
    private boolean initialized;
    private boolean started;
    private boolean selfTested;
    private boolean hcrtmPreStartup;
    private HashSequence hcrtmSequence;

    Lifecycle(TpmEngine tpm) {
        this.tpm = tpm;
        this.nv = tpm.platform().nv();
    }

    /** Takes the counters, the shutdown state and tpmEstablished from a loaded permanent state. */
    void restore(PermanentState s) {
        resetCount = s.resetCount();
        restartCount = s.restartCount();
        orderly = s.orderly();
        established = s.established();
    }

    /** A newly manufactured TPM: counters zero, as if shut down orderly. */
    void manufactured() {
        orderly = Orderly.CLEAR;
    }

    int resetCount() {
        return resetCount;
    }

    int restartCount() {
        return restartCount;
    }

    Orderly orderly() {
        return orderly;
    }

    boolean isInitialized() {
        return initialized;
    }

    boolean isStarted() {
        return started;
    }

    boolean isEstablished() {
        return established;
    }

    boolean isSelfTested() {
        return selfTested;
    }

    void selfTested() {
        selfTested = true;
    }

    boolean hcrtmPreStartup() {
        return hcrtmPreStartup;
    }

    /** TPM2_Clear resets both counters (Part 3, 24.6). */
    void clearCounters() {
        resetCount = 0;
        restartCount = 0;
    }

    /** A state change after Shutdown: the next startup is not orderly; true when that changed anything. */
    boolean orderlyLost() {
        if (orderly == Orderly.NONE) {
            return false;
        }
        orderly = Orderly.NONE;
        return true;
    }

    /** A stored state blob of Shutdown(STATE) kind was set: the next Startup(STATE) may resume it. */
    void stateSaved() {
        orderly = Orderly.STATE;
    }

    /** _TPM_Init. With {@code deleteVolatile} a stored volatile state is dropped, else resumed. */
    void init(boolean deleteVolatile) {
        String vname = StateFile.Kind.VOLATILE.fileName();
        byte[] set = tpm.stateBlobs().takeVolatileSet();
        byte[] vol = nv.load(vname);
        if (deleteVolatile && vol != null) {
            nv.delete(vname);
            vol = null;
        }
        if (set != null) {
            // set through CMD_SET_STATEBLOB (a migration): resumed whatever the flag says, as in swtpm
            vol = set;
        }
        tpm.transients().clear();
        tpm.sessions().clear();
        hcrtmSequence = null;
        hcrtmPreStartup = false;
        started = false;
        selfTested = false;
        tpm.platform().signals().clearCancel();
        // Clock runs only while the TPM has power: after a power-off it resumes from its NV copy
        TpmClock clock = tpm.clock();
        clock.init(initialized ? clock.clock() : clock.savedValue(), orderly != Orderly.NONE);
        tpm.randomPool().reseedFromPlatform();
        initialized = true;
        if (vol != null) {
            String where = nv.describe(vname);
            byte[] payload = StateFile.open(StateFile.Kind.VOLATILE, vol, where);
            hcrtmPreStartup = StateCodec.restoreSaved(payload, true, where, tpm.pcrs(), tpm.hierarchies(),
                    tpm.commandAudit(), tpm.nvIndices());
            tpm.nvIndices().resumeVolatile();
            nv.delete(vname);
            started = true;
            selfTested = true;
            LOG.debug("resumed the stored volatile state");
        }
    }

    /** Power off: the TPM stops and its volatile state is gone. */
    void powerOff() {
        initialized = false;
        started = false;
        hcrtmSequence = null;
        tpm.transients().clear();
    }

    /**
     * TPM2_Startup (Part 3, 9.3) from {@code locality}.
     *
     * @throws TpmRcException TPM_RC_LOCALITY, TPM_RC_VALUE for a STATE startup without saved state
     */
    void startup(TpmSu su, int locality) {
        if (locality != 0 && locality != 3) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
        String sname = StateFile.Kind.SAVESTATE.fileName();
        byte[] saved = su == TpmSu.STATE ? savedStateForResume(sname) : null;
        boolean resume = saved != null;
        boolean restart = !resume && orderly == Orderly.STATE;
        if (resume || restart) {
            restartCount++;
        } else {
            resetCount++;
            restartCount = 0;
        }
        tpm.dictionaryAttackStartup(orderly != Orderly.NONE);
        if (!resume) {
            tpm.applyPendingAllocation();
            tpm.hierarchies().startupClear();
            tpm.pcrs().setAuthValue(new byte[0]);
        }
        if (!resume && !restart) {
            RandomPool random = tpm.randomPool();
            tpm.objectState().reset(random.bytes(ObjectState.SEED_SIZE), random.bytes(ObjectState.SEED_SIZE));
            tpm.eccCommits().reset();
        }
        tpm.nvStartup(resume, !resume && !restart, orderly != Orderly.NONE);
        initPcrs(locality);
        if (resume) {
            StateCodec.restoreSaved(saved, false, nv.describe(sname), tpm.pcrs(), tpm.hierarchies(),
                    tpm.commandAudit(), null);
        } else {
            tpm.pcrs().setUpdateCounter(0);
        }
        // as libtpms's PCRStartup: each PCR set anew counts as a change (so a PolicyPCR sees pcrUpdateCounter != 0)
        for (int i = 0; i < PcrAttributes.COUNT; i++) {
            if (!resume || !PcrAttributes.stateSave(i)) {
                tpm.pcrs().changed(i);
            }
        }
        if (restart) {
            restartAuditDigest(sname);
        } else if (!resume) {
            // TPM Reset: the command audit digest starts over (state-reset data)
            tpm.commandAudit().resetDigest();
        }
        nv.delete(sname);
        orderly = Orderly.NONE;
        started = true;
        tpm.savePermanent();
        LOG.debug("Startup({}) at locality {}: {}", su, locality, resume ? "resume" : restart ? "restart" : "reset");
    }

    /** TPM Restart: the command audit digest Shutdown(STATE) saved comes back (state-reset data). */
    private void restartAuditDigest(String sname) {
        byte[] file = nv.load(sname);
        if (file == null) {
            tpm.commandAudit().resetDigest();
            return;
        }
        String where = nv.describe(sname);
        StateCodec.restoreAuditDigest(StateFile.open(StateFile.Kind.SAVESTATE, file, where), where,
                tpm.commandAudit());
    }

    /** The Shutdown(STATE) payload Startup(STATE) resumes; TPM_RC_VALUE/LOCALITY when it cannot. */
    private byte[] savedStateForResume(String sname) {
        if (orderly != Orderly.STATE || tpm.pendingAllocation() != null) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        byte[] file = nv.load(sname);
        if (file == null) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        byte[] saved = StateFile.open(StateFile.Kind.SAVESTATE, file, nv.describe(sname));
        if (hcrtmPreStartup != StateCodec.savedHcrtm(saved)) {
            throw new TpmRcException(TpmRc.LOCALITY.value());
        }
        return saved;
    }

    private void initPcrs(int locality) {
        PcrBanks pcrs = tpm.pcrs();
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
    void shutdown(TpmSu su) {
        String sname = StateFile.Kind.SAVESTATE.fileName();
        if (su == TpmSu.STATE) {
            if (tpm.pendingAllocation() != null) {
                throw new TpmRcException(TpmRc.TYPE.param(1));
            }
            byte[] payload = StateCodec.encodeSaved(false, hcrtmPreStartup, tpm.pcrs(), tpm.hierarchies(),
                    tpm.commandAudit(), null);
            nv.store(sname, StateFile.seal(StateFile.Kind.SAVESTATE, payload));
            orderly = Orderly.STATE;
        } else {
            nv.delete(sname);
            orderly = Orderly.CLEAR;
        }
        tpm.dictionaryAttackShutdown();
        tpm.nvIndices().flushOrderly();
        tpm.savePermanent();
    }

    /** The running volatile state payload (every PCR, the RAM of the ORDERLY NV indices). */
    byte[] encodeVolatile() {
        return StateCodec.encodeSaved(true, hcrtmPreStartup, tpm.pcrs(), tpm.hierarchies(), tpm.commandAudit(),
                tpm.nvIndices());
    }

    /** _TPM_Hash_Start (Part 3, 6.3); ignored while stopped or in failure mode. */
    void hashStart() {
        if (!initialized || tpm.failure() != null) {
            return;
        }
        hcrtmSequence = new HashSequence(null, new byte[0]);
    }

    /** _TPM_Hash_Data (Part 3, 6.4); ignored without a preceding _TPM_Hash_Start. */
    void hashData(byte[] data) {
        if (hcrtmSequence != null) {
            hcrtmSequence.update(data, 0, data.length);
        }
    }

    /**
     * _TPM_Hash_End (Part 3, 6.5): before Startup this is an H-CRTM event (PCR[0] starts at
     * 0..04 and is extended); after it a DRTM event (PCRs 17-22 reset to zero, PCR[17] extended).
     * Either way tpmEstablished is set.
     */
    void hashEnd() {
        HashSequence s = hcrtmSequence;
        if (s == null) {
            return;
        }
        hcrtmSequence = null;
        PcrBanks pcrs = tpm.pcrs();
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
            tpm.orderlyLost();
        }
        for (HashAlgorithm h : HashAlgorithm.all()) {
            byte[] d = s.finish(h);
            pcrs.extend(h, pcr, tpm.digests().get(h), d, 0);
        }
        pcrs.changed(pcr);
        if (!established) {
            established = true;
            tpm.permanentChanged();
        }
        tpm.savePermanentIfDirty();
    }

    /** Clears tpmEstablished; true when it was set. */
    boolean resetEstablished() {
        if (!established) {
            return false;
        }
        established = false;
        return true;
    }
}
