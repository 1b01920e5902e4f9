package io.jvtpm.engine.command;

import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaNv;

/**
 * Who may use an NV index and how (TPM 2.0 Library Part 1, 37.4 and 19.7; Part 3, 31.2; libtpms'
 * NvIndexIsAccessible, NvReadAccessChecks, NvWriteAccessChecks, IsAuthValueAvailable and
 * IsAuthPolicyAvailable): hierarchy disablement hiding indices, the owner/platform/index forms
 * of read and write authorization, the PIN indices' counts, and how a change reaches NV
 * (durable before the response; an ORDERLY index's data stays in RAM until an orderly
 * Shutdown).
 */
final class NvAccess {
    private NvAccess() {
    }

    /** The index is defined and its hierarchy enabled (owner indices need shEnable, platform ones phEnableNV). */
    static boolean accessible(TpmEngine tpm, int h) {
        NvIndex i = tpm.nvIndices().get(h);
        if (i == null) {
            return false;
        }
        Hierarchies hi = tpm.hierarchies();
        return i.has(TpmaNv.PLATFORMCREATE) ? hi.phEnableNV() : hi.isEnabled(TpmRh.OWNER.value());
    }

    /** The index at handle {@code n} of the running command (checked by the dispatcher). */
    static NvIndex index(Command c, int n) {
        return c.tpm().nvIndices().get(c.handle(n));
    }

    /** IsWriteOperation: commands that authorize with AUTHWRITE/POLICYWRITE. */
    static boolean isWrite(TpmCc cc) {
        return switch (cc) {
            case NV_WRITE, NV_INCREMENT, NV_SET_BITS, NV_EXTEND, NV_WRITE_LOCK -> true;
            default -> false;
        };
    }

    /** A password or HMAC for an index: 0, TPM_RC_AUTH_TYPE (ADMIN needs a policy) or TPM_RC_AUTH_UNAVAILABLE. */
    static int authValueCheck(TpmEngine tpm, TpmCc cc, AuthRole role, int h) {
        if (role == AuthRole.ADMIN) {
            return TpmRc.AUTH_TYPE.value();
        }
        NvIndex i = tpm.nvIndices().get(h);
        boolean available;
        if (isWrite(cc)) {
            available = i.has(TpmaNv.AUTHWRITE);
        } else if (i.type() == TpmNt.PIN_FAIL || i.type() == TpmNt.PIN_PASS) {
            available = i.has(TpmaNv.WRITTEN) && Integer.compareUnsigned(pinCount(i), pinLimit(i)) < 0;
        } else {
            available = i.has(TpmaNv.AUTHREAD);
        }
        return available ? 0 : TpmRc.AUTH_UNAVAILABLE.value();
    }

    /** A policy session for an index: it has an authPolicy, and ADMIN or the POLICYWRITE/POLICYREAD attribute allows it. */
    static boolean policyAvailable(TpmEngine tpm, TpmCc cc, AuthRole role, int h) {
        NvIndex i = tpm.nvIndices().get(h);
        if (i.publicArea().authPolicy().length == 0) {
            return false;
        }
        if (role == AuthRole.ADMIN) {
            return true;
        }
        return i.has(isWrite(cc) ? TpmaNv.POLICYWRITE : TpmaNv.POLICYREAD);
    }

    private static int pinCount(NvIndex i) {
        return (int) (i.u64() >>> 32);
    }

    private static int pinLimit(NvIndex i) {
        return (int) i.u64();
    }

    /**
     * After the authValue of a written PIN index was tried: a PIN Fail index counts failures and
     * resets on success, a PIN Pass index counts successes.
     */
    static void pinCount(TpmEngine tpm, int h, boolean good) {
        NvIndex i = tpm.nvIndices().get(h);
        if (i == null || !i.has(TpmaNv.WRITTEN) || i.type() != TpmNt.PIN_FAIL && i.type() != TpmNt.PIN_PASS) {
            return;
        }
        long v = i.u64();
        long limit = v & 0xFFFFFFFFL;
        long count = v >>> 32;
        if (i.type() == TpmNt.PIN_FAIL) {
            count = good ? 0 : count + 1;
        } else if (i.type() == TpmNt.PIN_PASS && good) {
            count++;
        } else {
            return;
        }
        i.setU64((count & 0xFFFFFFFFL) << 32 | limit);
        changed(tpm, i);
    }

    /** NvReadAccessChecks: 0 or TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_UNINITIALIZED. */
    static int readCheck(int authHandle, NvIndex i) {
        if (i.has(TpmaNv.READLOCKED)) {
            return TpmRc.NV_LOCKED.value();
        }
        int rc = formCheck(authHandle, i, TpmaNv.OWNERREAD, TpmaNv.PPREAD);
        if (rc != 0) {
            return rc;
        }
        return i.has(TpmaNv.WRITTEN) ? 0 : TpmRc.NV_UNINITIALIZED.value();
    }

    /** NvWriteAccessChecks: 0 or TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION. */
    static int writeCheck(int authHandle, NvIndex i) {
        if (i.has(TpmaNv.WRITELOCKED)) {
            return TpmRc.NV_LOCKED.value();
        }
        return formCheck(authHandle, i, TpmaNv.OWNERWRITE, TpmaNv.PPWRITE);
    }

    private static int formCheck(int authHandle, NvIndex i, int ownerBit, int platformBit) {
        boolean ok;
        if (authHandle == TpmRh.OWNER.value()) {
            ok = i.has(ownerBit);
        } else if (authHandle == TpmRh.PLATFORM.value()) {
            ok = i.has(platformBit);
        } else {
            ok = authHandle == i.handle();
        }
        return ok ? 0 : TpmRc.NV_AUTHORIZATION.value();
    }

    /** Throws {@code rc} unless it is 0. */
    static void require(int rc) {
        if (rc != 0) {
            throw new TpmRcException(rc);
        }
    }

    /**
     * An index changed: a non-ORDERLY index goes to NV before the response (a record of the NV
     * journal after the command); an ORDERLY one stays in RAM and the last Shutdown no longer
     * describes the TPM.
     */
    static void changed(TpmEngine tpm, NvIndex i) {
        if (i.has(TpmaNv.ORDERLY)) {
            tpm.orderlyLost();
        } else {
            tpm.nvIndexChanged(i);
        }
    }
}
