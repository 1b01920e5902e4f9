package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmRc;
import java.util.Arrays;

/**
 * The loaded authorization sessions (TPM 2.0 Library Part 1, 30.2; MAX_LOADED_SESSIONS 3):
 * HMAC session handles 0x02000000 + slot, policy and trial sessions 0x03000000 + slot. All
 * sessions end at _TPM_Init.
 */
public final class SessionTable {
    /** MAX_LOADED_SESSIONS. */
    public static final int SLOTS = 3;
    /** The first HMAC session handle. */
    public static final int HMAC_FIRST = TpmHt.HMAC_SESSION.first();

    private final AuthSession[] slots = new AuthSession[SLOTS];
    /** Saved (context-saved) sessions keep their slot: the handle and the sequence of the latest save. */
    private final int[] savedHandle = new int[SLOTS];
    private final long[] savedSequence = new long[SLOTS];

    /** The exclusive audit session (g_exclusiveAuditSession), 0 for none. */
    private int exclusiveAudit;

    /** The first policy session handle. */
    public static final int POLICY_FIRST = TpmHt.POLICY_SESSION.first();

    private static int slot(int handle) {
        int i = handle & 0xFFFFFF;
        return (TpmHt.HMAC_SESSION.matches(handle) || TpmHt.POLICY_SESSION.matches(handle)) && i < SLOTS ? i : -1;
    }

    /** The session at {@code handle}, or null. */
    public AuthSession get(int handle) {
        int i = slot(handle);
        return i >= 0 && slots[i] != null && slots[i].handle() == handle ? slots[i] : null;
    }

    /**
     * True when a session is loaded in the slot of {@code handle} but of the other type (an HMAC
     * session named with a policy session handle, or the reverse): libtpms answers TPM_RC_HANDLE
     * for it rather than TPM_RC_REFERENCE_S0.
     */
    public boolean loadedAsOtherType(int handle) {
        int i = slot(handle);
        return i >= 0 && slots[i] != null && slots[i].handle() != handle;
    }

    /** A free handle for an HMAC or policy session; TPM_RC_SESSION_MEMORY when every slot is taken. */
    public int freeHandle(boolean policy) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null && savedHandle[i] == 0) {
                return (policy ? POLICY_FIRST : HMAC_FIRST) + i;
            }
        }
        throw new TpmRcException(TpmRc.SESSION_MEMORY.value());
    }

    public void put(AuthSession s) {
        slots[slot(s.handle())] = s;
    }

    /** Ends a loaded or saved session; false when none was there. */
    public boolean flush(int handle) {
        int i = slot(handle);
        if (exclusiveAudit == handle) {
            exclusiveAudit = 0;
        }
        if (i >= 0 && get(handle) != null) {
            slots[i] = null;
            return true;
        }
        if (i >= 0 && savedHandle[i] == handle) {
            savedHandle[i] = 0;
            return true;
        }
        return false;
    }

    /** ContextSave of a session: it leaves the TPM's memory, its slot stays reserved for this save. */
    public void saved(int handle, long sequence) {
        int i = slot(handle);
        slots[i] = null;
        savedHandle[i] = handle;
        savedSequence[i] = sequence;
    }

    /** True when {@code handle} was saved last with {@code sequence} (no replay of older saves). */
    public boolean isSaved(int handle, long sequence) {
        int i = slot(handle);
        return i >= 0 && savedHandle[i] == handle && savedSequence[i] == sequence;
    }

    /** ContextLoad of a session. */
    public void restore(AuthSession s) {
        int i = slot(s.handle());
        savedHandle[i] = 0;
        slots[i] = s;
    }

    /** Ends every session. */
    public void clear() {
        Arrays.fill(slots, null);
        Arrays.fill(savedHandle, 0);
        exclusiveAudit = 0;
    }

    /**
     * Saved sessions, as TPM_HT_SAVED_SESSION lists them (the reference implementation and
     * libtpms give the HMAC-session form of the handle, whatever the session's type), ascending.
     */
    public int[] savedHandles() {
        int n = 0;
        int[] h = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            if (savedHandle[i] != 0) {
                h[n++] = HMAC_FIRST + i;
            }
        }
        return Arrays.copyOf(h, n);
    }

    /** Loaded session handles (HMAC and policy), ascending by slot. */
    public int[] handles() {
        int n = 0;
        int[] h = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] != null) {
                h[n++] = slots[i].handle();
            }
        }
        return Arrays.copyOf(h, n);
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
