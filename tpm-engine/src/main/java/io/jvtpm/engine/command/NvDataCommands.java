package io.jvtpm.engine.command;

import static io.jvtpm.engine.command.NvAccess.require;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.nv.index.NvBudget;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmaNv;
import java.security.MessageDigest;

/**
 * Reading and writing NV index data (TPM 2.0 Library Part 3, 31.7-31.11, 31.13, 31.14):
 * NV_Write, NV_Increment, NV_Extend, NV_SetBits, NV_WriteLock, NV_Read and NV_ReadLock. Handle 0
 * is authHandle (owner, platform or the index), handle 1 the index.
 */
final class NvDataCommands {
    private NvDataCommands() {
    }

    static void write(Command c) {
        TpmReader r = c.in();
        byte[] data = r.tpm2b(NvBudget.MAX_NV_BUFFER_SIZE);
        r.param(2);
        int offset = r.u16();
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        require(NvAccess.writeCheck(c.handle(0), i));
        TpmNt t = i.type();
        if (t == TpmNt.COUNTER || t == TpmNt.BITS || t == TpmNt.EXTEND) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.value());
        }
        if (offset > i.dataSize()) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        if (data.length > i.dataSize() - offset || i.has(TpmaNv.WRITEALL) && data.length < i.dataSize()) {
            throw new TpmRcException(TpmRc.NV_RANGE.value());
        }
        store(c.tpm(), i, offset, data);
    }

    /**
     * NvWriteIndexData: the first write sets WRITTEN (an ordinary index is erased first). A write
     * that leaves a non-ORDERLY index as it was writes nothing to NV, as in libtpms (NvWrite
     * commits only data that differs).
     */
    private static void store(TpmEngine tpm, NvIndex i, int offset, byte[] data) {
        boolean same = i.has(TpmaNv.WRITTEN) && i.holds(offset, data);
        if (!i.has(TpmaNv.WRITTEN)) {
            i.setAttributes(i.attributes() | TpmaNv.WRITTEN);
            if (i.type() == TpmNt.ORDINARY) {
                i.eraseData();
            }
        }
        i.write(offset, data);
        if (!same || i.has(TpmaNv.ORDERLY)) {
            NvAccess.changed(tpm, i);
        }
    }

    static void increment(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        require(NvAccess.writeCheck(c.handle(0), i));
        if (i.type() != TpmNt.COUNTER) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        TpmEngine tpm = c.tpm();
        boolean first = !i.has(TpmaNv.WRITTEN);
        long v = (first ? tpm.nvIndices().maxCounter() : i.u64()) + 1;
        i.setAttributes(i.attributes() | TpmaNv.WRITTEN);
        i.setU64(v);
        if (i.has(TpmaNv.ORDERLY)) {
            tpm.orderlyLost();
            if (first || (v & NvIndices.MAX_ORDERLY_COUNT) == 0) {
                // the RAM copy of the ORDERLY indices goes to NV when a counter wraps its low bits
                tpm.nvIndices().flushOrderly();
                tpm.permanentChanged();
            }
        } else {
            tpm.nvIndexChanged(i);
        }
    }

    static void extend(Command c) {
        byte[] data = c.in().tpm2b(NvBudget.MAX_NV_BUFFER_SIZE);
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        require(NvAccess.writeCheck(c.handle(0), i));
        if (i.type() != TpmNt.EXTEND) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        int n = i.nameAlg().digestSize();
        byte[] old = i.has(TpmaNv.WRITTEN) ? i.read(0, n) : new byte[n];
        MessageDigest md = i.nameAlg().newDigest();
        md.update(old);
        md.update(data);
        store(c.tpm(), i, 0, md.digest());
    }

    static void setBits(Command c) {
        long bits = c.in().u64();
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        require(NvAccess.writeCheck(c.handle(0), i));
        if (i.type() != TpmNt.BITS) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        long old = i.has(TpmaNv.WRITTEN) ? i.u64() : 0;
        byte[] v = new byte[8];
        long nv = old | bits;
        for (int k = 0; k < 8; k++) {
            v[k] = (byte) (nv >>> (56 - 8 * k));
        }
        store(c.tpm(), i, 0, v);
    }

    static void writeLock(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        int rc = NvAccess.writeCheck(c.handle(0), i);
        if (rc == TpmRc.NV_AUTHORIZATION.value()) {
            throw new TpmRcException(rc);
        }
        if (rc != 0) {
            // already locked
            return;
        }
        if (!i.has(TpmaNv.WRITEDEFINE) && !i.has(TpmaNv.WRITE_STCLEAR)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        i.setAttributes(i.attributes() | TpmaNv.WRITELOCKED);
        NvAccess.changed(c.tpm(), i);
    }

    static void read(Command c) {
        TpmReader r = c.in();
        int size = r.u16();
        r.param(2);
        int offset = r.u16();
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        require(NvAccess.readCheck(c.handle(0), i));
        if (size > NvBudget.MAX_NV_BUFFER_SIZE) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        if (offset > i.dataSize()) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        if (size > i.dataSize() - offset) {
            throw new TpmRcException(TpmRc.NV_RANGE.value());
        }
        c.out().tpm2b(i.read(offset, size));
    }

    static void readLock(Command c) {
        c.endParameters();
        NvIndex i = NvAccess.index(c, 1);
        int rc = NvAccess.readCheck(c.handle(0), i);
        if (rc == TpmRc.NV_AUTHORIZATION.value()) {
            throw new TpmRcException(rc);
        }
        if (rc == TpmRc.NV_LOCKED.value()) {
            return;
        }
        if (!i.has(TpmaNv.READ_STCLEAR)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        i.setAttributes(i.attributes() | TpmaNv.READLOCKED);
        NvAccess.changed(c.tpm(), i);
    }
}
