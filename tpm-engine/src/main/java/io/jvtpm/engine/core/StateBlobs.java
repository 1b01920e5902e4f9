package io.jvtpm.engine.core;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.platform.NvStore;

/**
 * The TPM's stored states as whole sealed state files (swtpm's CMD_GET_STATEBLOB,
 * CMD_SET_STATEBLOB and CMD_STORE_VOLATILE, tpm_ioctl.h): the permanent state, the running
 * volatile state and the state Shutdown(STATE) saved.
 */
public final class StateBlobs {
    private final TpmEngine tpm;
    private final NvStore nv;
    /** A volatile state set through CMD_SET_STATEBLOB, which the next _TPM_Init resumes. */
    private byte[] volatileSet;

    StateBlobs(TpmEngine tpm) {
        this.tpm = tpm;
        this.nv = tpm.platform().nv();
    }

    /**
     * Before a TPM is manufactured: the store must hold no state file. A volatile or saved state
     * without the permanent state means the permanent state was lost, and a new TPM (new seeds,
     * new EK and SRK) would silently replace the one the guest knows.
     *
     * @throws TpmStateException naming the missing permanent state file
     */
    void requireNone() {
        for (StateFile.Kind k : new StateFile.Kind[] {StateFile.Kind.VOLATILE, StateFile.Kind.SAVESTATE}) {
            if (nv.load(k.fileName()) != null) {
                throw new TpmStateException("state file " + nv.describe(StateFile.Kind.PERMANENT.fileName())
                        + ": missing while " + k.fileName() + " is there (refusing to manufacture a new TPM over"
                        + " existing state; restore the file, or empty the directory for a new TPM)");
            }
        }
    }

    /**
     * After the permanent state loaded: the stored volatile and Shutdown(STATE) states, where
     * present, must be whole and well formed, so that a corrupt one is reported now rather than
     * at _TPM_Init or Startup.
     *
     * @throws TpmStateException naming the file and what is wrong
     */
    void checkSaved() {
        for (StateFile.Kind k : new StateFile.Kind[] {StateFile.Kind.VOLATILE, StateFile.Kind.SAVESTATE}) {
            byte[] f = nv.load(k.fileName());
            if (f != null) {
                String where = nv.describe(k.fileName());
                StateCodec.validateSaved(StateFile.open(k, f, where), where);
            }
        }
    }

    /** The permanent state as a sealed state file. */
    public byte[] permanent() {
        return tpm.permanentFile();
    }

    /** The running volatile state as a sealed state file; when not started the stored one, or empty. */
    public byte[] volatileState() {
        if (!tpm.isStarted()) {
            byte[] f = nv.load(StateFile.Kind.VOLATILE.fileName());
            return f == null ? new byte[0] : f;
        }
        return StateFile.seal(StateFile.Kind.VOLATILE, tpm.lifecycle().encodeVolatile());
    }

    /**
     * TPM_STORE_VOLATILE: writes the running volatile state to NV (nothing when not started, or
     * in failure mode, where the state may be half changed).
     */
    public void storeVolatile() {
        if (tpm.isStarted() && tpm.failure() == null) {
            nv.store(StateFile.Kind.VOLATILE.fileName(), volatileState());
        }
    }

    /**
     * The volatile state set since the last _TPM_Init, or null; taken once. The next _TPM_Init
     * resumes it even when told to delete the stored volatile state, as swtpm does (libtpms keeps a
     * set state apart from the file that flag deletes): QEMU loads the blobs of a migration and
     * then sends CMD_INIT with PTM_INIT_FLAG_DELETE_VOLATILE.
     */
    byte[] takeVolatileSet() {
        byte[] v = volatileSet;
        volatileSet = null;
        return v;
    }

    /** The state Shutdown(STATE) saved, as a sealed state file, or empty. */
    public byte[] savestate() {
        byte[] f = nv.load(StateFile.Kind.SAVESTATE.fileName());
        return f == null ? new byte[0] : f;
    }

    /**
     * Replaces one kind of stored state (while stopped). The blob is checked completely first.
     *
     * @throws TpmStateException when it is corrupt or of another kind
     */
    public void set(StateFile.Kind kind, byte[] blob) {
        String where = "blob of kind " + kind;
        byte[] payload = StateFile.open(kind, blob, where);
        if (kind == StateFile.Kind.PERMANENT) {
            tpm.replacePermanent(payload, where);
        } else {
            StateCodec.validateSaved(payload, where);
            nv.store(kind.fileName(), blob);
            if (kind == StateFile.Kind.VOLATILE) {
                volatileSet = blob.clone();
            }
            if (kind == StateFile.Kind.SAVESTATE) {
                tpm.lifecycle().stateSaved();
                tpm.savePermanent();
            }
        }
    }
}
