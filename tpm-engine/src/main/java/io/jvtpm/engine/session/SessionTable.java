package io.jvtpm.engine.session;

import io.jvtpm.engine.marshal.TpmRcException;
import io.jvtpm.engine.types.TpmRc;
import java.util.Arrays;

/**
 * The loaded authorization sessions (TPM 2.0 Library Part 1, 30.2; MAX_LOADED_SESSIONS 3):
 * HMAC session handles 0x02000000 + slot. All sessions end at _TPM_Init.
 */
public final class SessionTable {
    /** MAX_LOADED_SESSIONS. */
    public static final int SLOTS = 3;
    /** The first HMAC session handle. */
    public static final int HMAC_FIRST = 0x02000000;

    private final AuthSession[] slots = new AuthSession[SLOTS];

    /** The session at {@code handle}, or null. */
    public AuthSession get(int handle) {
        int i = handle - HMAC_FIRST;
        return i >= 0 && i < SLOTS ? slots[i] : null;
    }

    /** A free handle; TPM_RC_SESSION_MEMORY when every slot is taken. */
    public int freeHandle() {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                return HMAC_FIRST + i;
            }
        }
        throw new TpmRcException(TpmRc.SESSION_MEMORY.value());
    }

    public void put(AuthSession s) {
        slots[s.handle() - HMAC_FIRST] = s;
    }

    /** Ends a session; false when none was there. */
    public boolean flush(int handle) {
        int i = handle - HMAC_FIRST;
        if (i >= 0 && i < SLOTS && slots[i] != null) {
            slots[i] = null;
            return true;
        }
        return false;
    }

    /** Ends every session. */
    public void clear() {
        Arrays.fill(slots, null);
    }

    /** Loaded session handles, ascending. */
    public int[] handles() {
        int n = 0;
        int[] h = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] != null) {
                h[n++] = HMAC_FIRST + i;
            }
        }
        return Arrays.copyOf(h, n);
    }
}
