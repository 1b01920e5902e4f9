package io.jvtpm.engine.core;

import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import java.util.Arrays;

/**
 * The transient object slots (TPM 2.0 Library Part 1, 15.4; MAX_LOADED_OBJECTS of Part 2): each
 * holds a {@link TransientObject} at handle {@code TRANSIENT_FIRST + slot}.
 */
public final class TransientObjects {
    /** MAX_LOADED_OBJECTS (TPM_PT_HR_TRANSIENT_MIN). */
    public static final int SLOTS = 3;
    /** The first transient object handle. */
    public static final int TRANSIENT_FIRST = TpmHt.TRANSIENT.first();

    private final TransientObject[] slots = new TransientObject[SLOTS];

    /** What the slot of {@code handle} holds, or null (also for a handle outside the slots). */
    public TransientObject get(int handle) {
        int i = handle - TRANSIENT_FIRST;
        return i >= 0 && i < SLOTS ? slots[i] : null;
    }

    /** The sequence object at {@code handle}, or null when none (or a key) is loaded there. */
    public HashSequence sequence(int handle) {
        return get(handle) instanceof TransientObject.Sequence s ? s.sequence() : null;
    }

    /** The key or data object at {@code handle}, or null when none (or a sequence) is loaded there. */
    public LoadedObject key(int handle) {
        return get(handle) instanceof TransientObject.Key k ? k.object() : null;
    }

    /**
     * Loads {@code o} into the first free slot and returns its handle.
     *
     * @throws TpmRcException TPM_RC_OBJECT_MEMORY when every slot is taken
     */
    public int load(TransientObject o) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                slots[i] = o;
                return TRANSIENT_FIRST + i;
            }
        }
        throw new TpmRcException(TpmRc.OBJECT_MEMORY.value());
    }

    /** Unloads the object at {@code handle}; false when none was there. */
    public boolean flush(int handle) {
        int i = handle - TRANSIENT_FIRST;
        if (i >= 0 && i < SLOTS && slots[i] != null) {
            slots[i] = null;
            return true;
        }
        return false;
    }

    /** Unloads every key of {@code hierarchy}. */
    public void flushHierarchy(int hierarchy) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] instanceof TransientObject.Key k && k.object().hierarchy() == hierarchy) {
                slots[i] = null;
            }
        }
    }

    /** Unloads everything. */
    public void clear() {
        Arrays.fill(slots, null);
    }

    /** Handles of the loaded objects, ascending. */
    public int[] handles() {
        int n = 0;
        int[] h = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] != null) {
                h[n++] = TRANSIENT_FIRST + i;
            }
        }
        return Arrays.copyOf(h, n);
    }
}
