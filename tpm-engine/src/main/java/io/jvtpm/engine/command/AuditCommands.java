package io.jvtpm.engine.command;

import io.jvtpm.engine.core.CommandAudit;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;

/**
 * TPM2_SetCommandCodeAuditStatus (TPM 2.0 Library Part 3, 21.2) with owner or platform
 * authorization: either a new audit hash algorithm (auditAlg not TPM_ALG_NULL and not the current
 * one; then both lists must be empty, else TPM_RC_VALUE + P1), or the commands of setList
 * audited from now and those of clearList no longer. Commands this TPM does not implement are
 * ignored, TPM2_Shutdown is never audited, TPM2_SetCommandCodeAuditStatus always is.
 */
final class AuditCommands {
    private final CommandTable table;

    AuditCommands(CommandTable table) {
        this.table = table;
    }

    void setCommandCodeAuditStatus(Command c) {
        TpmReader r = c.in();
        int alg = r.u16();
        HashAlgorithm auditAlg = HashAlgorithm.fromId(alg);
        if (auditAlg == null && alg != TpmAlgId.NULL.value()) {
            throw r.fail(TpmRc.HASH);
        }
        r.param(2);
        int[] setList = readCcList(r);
        r.param(3);
        int[] clearList = readCcList(r);
        c.endParameters();
        CommandAudit audit = c.tpm().commandAudit();
        if (auditAlg != null && auditAlg != audit.hashAlg()) {
            if (setList.length != 0 || clearList.length != 0) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
            audit.hashAlg(auditAlg);
            c.tpm().permanentChanged();
            return;
        }
        boolean changed = false;
        for (int cc : setList) {
            changed |= table.lookup(cc) != null && audit.set(cc);
        }
        for (int cc : clearList) {
            changed |= audit.clear(cc);
        }
        if (changed) {
            c.tpm().permanentChanged();
        }
    }

    /** TPML_CC: at most MAX_CAP_CC codes (TPM_RC_SIZE). */
    private static int[] readCcList(TpmReader r) {
        int n = r.u32();
        if (Integer.compareUnsigned(n, CapabilityCommands.MAX_CAP_CC) > 0) {
            throw r.fail(TpmRc.SIZE);
        }
        int[] list = new int[n];
        for (int i = 0; i < n; i++) {
            list[i] = r.u32();
        }
        return list;
    }
}
