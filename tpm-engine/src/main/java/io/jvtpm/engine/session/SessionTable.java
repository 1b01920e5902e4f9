package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import java.util.Arrays;

/**
 * The active authorization sessions (TPM 2.0 Library Part 1, 30 "Context Management"):
 * MAX_ACTIVE_SESSIONS (64) context slots, each free, holding a loaded session (at most
 * MAX_LOADED_SESSIONS, 3, at a time) or the sequence number of a saved one. A session's handle is
 * 0x02000000 (HMAC) or 0x03000000 (policy, trial) plus its context slot. Context gapping as
 * libtpms does it: a saved session is remembered by the low 16 bits of its sequence, so no
 * session may be saved, and at the last free loaded slot none started and none but the oldest
 * loaded, once the context counter is 2^16 ahead of the oldest saved session (TPM_RC_CONTEXT_GAP).
 * All sessions end at _TPM_Init.
 */
public final class SessionTable {
    /** MAX_LOADED_SESSIONS. */
    public static final int LOADED_MAX = 3;
    /** MAX_ACTIVE_SESSIONS: loaded and saved sessions together. */
    public static final int ACTIVE_MAX = 64;
    /** TPM_PT_CONTEXT_GAP_MAX: the largest difference of the sequence numbers of two saved contexts. */
    public static final int CONTEXT_GAP_MAX = 0xFFFF;
    /** The first HMAC session handle. */
    public static final int HMAC_FIRST = TpmHt.HMAC_SESSION.first();
    /** The first policy session handle. */
    public static final int POLICY_FIRST = TpmHt.POLICY_SESSION.first();

    private final AuthSession[] loaded = new AuthSession[ACTIVE_MAX];
    /** Per context slot, the sequence of the latest save of the session saved there, 0 for none. */
    private final long[] savedSequence = new long[ACTIVE_MAX];
    /** The handle the session saved there had. */
    private final int[] savedHandle = new int[ACTIVE_MAX];
    private int loadedCount;
    /** The exclusive audit session (g_exclusiveAuditSession), 0 for none. */
    private int exclusiveAudit;

    private static int slot(int handle) {
        int i = handle & 0xFFFFFF;
        return (TpmHt.HMAC_SESSION.matches(handle) || TpmHt.POLICY_SESSION.matches(handle)) && i < ACTIVE_MAX ? i : -1;
    }

    /** The session at {@code handle}, or null. */
    public AuthSession get(int handle) {
        int i = slot(handle);
        return i >= 0 && loaded[i] != null && loaded[i].handle() == handle ? loaded[i] : null;
    }

    /**
     * True when a session is loaded in the slot of {@code handle} but of the other type (an HMAC
     * session named with a policy session handle, or the reverse): libtpms answers TPM_RC_HANDLE
     * for it rather than TPM_RC_REFERENCE_S0.
     */
    public boolean loadedAsOtherType(int handle) {
        int i = slot(handle);
        return i >= 0 && loaded[i] != null && loaded[i].handle() != handle;
    }

    /**
     * A free handle for a new HMAC or policy session, {@code contextCounter} being the sequence
     * the next saved context gets: TPM_RC_SESSION_MEMORY when three sessions are loaded,
     * TPM_RC_CONTEXT_GAP when this session would take the last loaded slot while the gap is at its
     * maximum, TPM_RC_SESSION_HANDLES when 64 sessions are active (libtpms's SessionCreate order).
     */
    public int freeHandle(boolean policy, long contextCounter) {
        if (loadedCount == LOADED_MAX) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY.value());
        }
        if (loadedCount == LOADED_MAX - 1 && gapAtMaximum(contextCounter)) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP.value());
        }
        for (int i = 0; i < ACTIVE_MAX; i++) {
            if (loaded[i] == null && savedSequence[i] == 0) {
                return (policy ? POLICY_FIRST : HMAC_FIRST) + i;
            }
        }
        throw new TpmRcException(TpmRc.SESSION_HANDLES.value());
    }

    /** Loads a new session at its handle (from {@link #freeHandle}). */
    public void put(AuthSession s) {
        loaded[slot(s.handle())] = s;
        loadedCount++;
    }

    /**
     * Ends a loaded or saved session, found by its context slot whatever the type the handle
     * names (as libtpms's FlushContext finds it); false when none was there.
     */
    public boolean flush(int handle) {
        int i = slot(handle);
        if (i >= 0 && slot(exclusiveAudit) == i) {
            exclusiveAudit = 0;
        }
        if (i >= 0 && loaded[i] != null) {
            loaded[i] = null;
            loadedCount--;
            return true;
        }
        if (i >= 0 && savedSequence[i] != 0) {
            savedSequence[i] = 0;
            savedHandle[i] = 0;
            return true;
        }
        return false;
    }

    /** Before a session's ContextSave: TPM_RC_CONTEXT_GAP when the next sequence would be ambiguous. */
    public void requireSaveGap(long contextCounter) {
        if (gapAtMaximum(contextCounter)) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP.value());
        }
    }

    /** ContextSave of a session: it leaves the TPM's memory, its context slot stays reserved for this save. */
    public void saved(int handle, long sequence) {
        int i = slot(handle);
        loaded[i] = null;
        loadedCount--;
        savedHandle[i] = handle;
        savedSequence[i] = sequence;
    }

    /** True when {@code handle} was saved last with {@code sequence} (no replay of older saves). */
    public boolean isSaved(int handle, long sequence) {
        int i = slot(handle);
        return i >= 0 && sequence != 0 && savedHandle[i] == handle && savedSequence[i] == sequence;
    }

    /**
     * ContextLoad of a session: TPM_RC_SESSION_MEMORY when three are loaded, TPM_RC_CONTEXT_GAP
     * when it would take the last loaded slot while the gap is at its maximum and it is not the
     * oldest saved session.
     */
    public void restore(AuthSession s, long contextCounter) {
        int i = slot(s.handle());
        if (loadedCount == LOADED_MAX) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY.value());
        }
        if (loadedCount == LOADED_MAX - 1 && gapAtMaximum(contextCounter) && oldestSaved() != i) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP.value());
        }
        savedSequence[i] = 0;
        savedHandle[i] = 0;
        loaded[i] = s;
        loadedCount++;
    }

    /** Ends every session. */
    public void clear() {
        Arrays.fill(loaded, null);
        Arrays.fill(savedSequence, 0);
        Arrays.fill(savedHandle, 0);
        loadedCount = 0;
        exclusiveAudit = 0;
    }

    /** The context slot of the oldest saved session, -1 for none. */
    private int oldestSaved() {
        int oldest = -1;
        for (int i = 0; i < ACTIVE_MAX; i++) {
            if (savedSequence[i] != 0 && (oldest < 0 || savedSequence[i] < savedSequence[oldest])) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** True when the next sequence has the same low 16 bits as the oldest saved session's. */
    private boolean gapAtMaximum(long contextCounter) {
        int oldest = oldestSaved();
        return oldest >= 0 && (char) contextCounter == (char) savedSequence[oldest];
    }

    /**
     * Saved sessions, as TPM_HT_SAVED_SESSION lists them (the reference implementation and
     * libtpms give the HMAC-session form of the handle, whatever the session's type), ascending.
     */
    public int[] savedHandles() {
        int n = 0;
        int[] h = new int[ACTIVE_MAX];
        for (int i = 0; i < ACTIVE_MAX; i++) {
            if (savedSequence[i] != 0) {
                h[n++] = HMAC_FIRST + i;
            }
        }
        return Arrays.copyOf(h, n);
    }

    /** Loaded session handles (HMAC and policy), ascending by context slot. */
    public int[] handles() {
        int n = 0;
        int[] h = new int[LOADED_MAX];
        for (int i = 0; i < ACTIVE_MAX; i++) {
            if (loaded[i] != null) {
                h[n++] = loaded[i].handle();
            }
        }
        return Arrays.copyOf(h, n);
    }

    /** The number of loaded sessions. */
    public int loadedCount() {
        return loadedCount;
    }

    /** The number of active sessions, loaded and saved. */
    public int activeCount() {
        return loadedCount + savedHandles().length;
    }

    /**
     * The exclusive audit session (Part 1, 19.6.14): the audit session that was started or reset
     * last, as long as every command since that allowed sessions had it as its audit session; 0
     * for none.
     */
    public int exclusiveAudit() {
        return exclusiveAudit;
    }

    /** Makes {@code handle} the exclusive audit session (0: none). */
    public void exclusiveAudit(int handle) {
        exclusiveAudit = handle;
    }
}
