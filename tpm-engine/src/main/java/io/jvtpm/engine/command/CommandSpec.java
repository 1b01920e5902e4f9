package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmCc;
import java.util.List;

/**
 * One row of the command attribute table: the facts TPM2_GetCapability(TPM_CAP_COMMANDS)
 * reports as TPMA_CC (TPM 2.0 Library Part 2, 8.9), the handle types and authorization roles of
 * Part 3's command tables, and the action.
 *
 * @param nv           the command may write NV (TPMA_CC.nv)
 * @param flushed      the command flushes its first handle (TPMA_CC.flushed)
 * @param rHandle      the response has a handle (TPMA_CC.rHandle)
 * @param noSessions   sessions are not allowed (TPM_RC_AUTH_CONTEXT)
 */
public record CommandSpec(TpmCc cc, List<HandleKind> handles, List<AuthRole> roles, boolean rHandle,
        boolean nv, boolean flushed, boolean noSessions, CommandHandler handler) {

    public CommandSpec {
        handles = List.copyOf(handles);
        roles = List.copyOf(roles);
        if (handles.size() != roles.size()) {
            throw new IllegalArgumentException(cc + ": " + handles.size() + " handles, " + roles.size() + " roles");
        }
    }

    /** TPMA_CC for this command. */
    public int attributes() {
        return (cc.value() & 0xFFFF) | (nv ? 1 << 22 : 0) | (flushed ? 1 << 24 : 0)
                | (handles.size() << 25) | (rHandle ? 1 << 28 : 0);
    }

    /** The number of handles that need an authorization session. */
    public int authHandles() {
        int n = 0;
        for (AuthRole r : roles) {
            if (r != AuthRole.NONE) {
                n++;
            }
        }
        return n;
    }
}
