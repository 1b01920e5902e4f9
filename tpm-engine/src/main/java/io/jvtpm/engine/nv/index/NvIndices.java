package io.jvtpm.engine.nv.index;

import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaNv;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The defined NV indices and the NV memory they share with persistent objects (TPM 2.0 Library
 * Part 1, 37; Part 3, 31): defining within the budget (TPM_RC_NV_SPACE), deleting with the
 * counter high-water mark (maxCounter, Part 1, 37.2.4), the startup and shutdown rules of the
 * STCLEAR and ORDERLY attributes, and their place in the permanent state. The budget uses
 * libtpms's figures (see {@link NvBudget}).
 */
public final class NvIndices {
    /** MAX_ORDERLY_COUNT: an ORDERLY counter goes to NV when its low 8 bits wrap. */
    public static final long MAX_ORDERLY_COUNT = 0xFF;

    private final TreeMap<Integer, NvIndex> indices = new TreeMap<>();
    private long maxCounter;

    /** The index at {@code handle}, or null. */
    public NvIndex get(int handle) {
        return indices.get(handle);
    }

    /** Defined handles, ascending. */
    public int[] handles() {
        return indices.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public int count() {
        return indices.size();
    }

    /** The number of counter indices (TPM_PT_NV_COUNTERS). */
    public int counters() {
        int n = 0;
        for (NvIndex i : indices.values()) {
            if (i.type() == TpmNt.COUNTER) {
                n++;
            }
        }
        return n;
    }

    /** maxCounter: the largest value a deleted counter had. */
    public long maxCounter() {
        return maxCounter;
    }

    /** The NV budget as it stands with {@code persistentObjects} persistent objects. */
    public NvBudget budget(int persistentObjects) {
        int nvUsed = 0;
        int ramUsed = 0;
        for (NvIndex i : indices.values()) {
            nvUsed += NvBudget.indexSize(i.publicArea());
            if (i.has(TpmaNv.ORDERLY)) {
                ramUsed += NvBudget.ramSize(i.dataSize());
            }
        }
        return new NvBudget(nvUsed, ramUsed, persistentObjects, counters());
    }

    /**
     * Defines an index (NvDefineIndex).
     *
     * @throws TpmRcException TPM_RC_NV_SPACE when NV or the RAM of ORDERLY indices is full
     */
    public NvIndex define(NvPublic pub, byte[] authValue, int persistentObjects) {
        NvBudget b = budget(persistentObjects);
        if (!b.roomForIndex(pub)) {
            throw new TpmRcException(TpmRc.NV_SPACE.value());
        }
        NvIndex i = new NvIndex(pub, authValue, new byte[pub.dataSize()]);
        indices.put(pub.nvIndex(), i);
        return i;
    }

    /** Deletes an index; a written counter raises maxCounter (NvDeleteIndex). */
    public void delete(int handle) {
        NvIndex i = indices.remove(handle);
        if (i != null && i.type() == TpmNt.COUNTER && i.has(TpmaNv.WRITTEN)) {
            maxCounter = Math.max(maxCounter, i.u64());
        }
    }

    /** TPM2_Clear: every index not created by the platform goes. */
    public void clearOwner() {
        for (int h : handles()) {
            if (!indices.get(h).has(TpmaNv.PLATFORMCREATE)) {
                delete(h);
            }
        }
    }

    /** TPM2_NV_GlobalWriteLock: every index with GLOBALLOCK is write-locked. */
    public void globalLock() {
        for (NvIndex i : indices.values()) {
            if (i.has(TpmaNv.GLOBALLOCK)) {
                i.setAttributes(i.attributes() | TpmaNv.WRITELOCKED);
            }
        }
    }

    /** Flushes the RAM copy of every ORDERLY index to NV (orderly Shutdown, or a counter's wrap). */
    public void flushOrderly() {
        for (NvIndex i : indices.values()) {
            if (i.has(TpmaNv.ORDERLY)) {
                i.flush();
            }
        }
    }

    /**
     * TPM2_Startup's effect (NvEntityStartup): ORDERLY indices come back from their NV copy; unless
     * resuming, READLOCKED clears, WRITTEN clears for CLEAR_STCLEAR (and for ORDERLY ones at a TPM
     * Reset), WRITELOCKED clears unless WRITEDEFINE locked a written index; after an unorderly
     * shutdown an ORDERLY counter jumps to the top of its window so it never goes back.
     *
     * @param reset a TPM Reset (not Restart or Resume)
     */
    public void startup(boolean resume, boolean reset, boolean previousOrderly) {
        for (NvIndex i : indices.values()) {
            if (i.has(TpmaNv.ORDERLY)) {
                i.reloadFromNv();
            }
        }
        if (resume) {
            return;
        }
        for (NvIndex i : indices.values()) {
            int a = i.attributes() & ~TpmaNv.READLOCKED;
            if (i.type() != TpmNt.COUNTER && ((a & TpmaNv.CLEAR_STCLEAR) != 0
                    || (a & TpmaNv.ORDERLY) != 0 && reset)) {
                a &= ~TpmaNv.WRITTEN;
            }
            if ((a & TpmaNv.WRITTEN) == 0 || (a & TpmaNv.WRITEDEFINE) == 0) {
                a &= ~TpmaNv.WRITELOCKED;
            }
            i.setAttributes(a);
            if (i.has(TpmaNv.ORDERLY) && i.type() == TpmNt.COUNTER && !previousOrderly) {
                i.setU64(i.u64() | MAX_ORDERLY_COUNT);
            }
        }
    }

    /**
     * _TPM_Init resuming a stored volatile state without Startup: the RAM of an ORDERLY counter may
     * be gone (a new process has only the NV copy), so each one resumes at least at the top of
     * the window of its NV copy, as after an unorderly shutdown; it never goes back.
     */
    public void resumeVolatile() {
        for (NvIndex i : indices.values()) {
            if (i.has(TpmaNv.ORDERLY) && i.type() == TpmNt.COUNTER && i.nvPublic().has(TpmaNv.WRITTEN)) {
                long top = io.jvtpm.engine.wire.TpmWire.u64(i.nvData(), 0) | MAX_ORDERLY_COUNT;
                if (Long.compareUnsigned(i.u64(), top) < 0) {
                    i.setAttributes(i.attributes() | TpmaNv.WRITTEN);
                    i.setU64(top);
                }
            }
        }
    }

    /** The attribute bits NV commands change on an index; the NV journal may change only these. */
    private static final int JOURNALLED_ATTRIBUTES = TpmaNv.WRITTEN | TpmaNv.WRITELOCKED | TpmaNv.READLOCKED;

    /**
     * Replays an NV journal record: a non-ORDERLY index's attributes and data as a command left
     * them.
     *
     * @throws IllegalArgumentException when the record does not fit the index as defined
     */
    public void restore(int handle, int attributes, byte[] data) {
        NvIndex i = indices.get(handle);
        if (i == null) {
            throw new IllegalArgumentException(String.format("NV index 0x%08x is not defined", handle));
        }
        if (i.has(TpmaNv.ORDERLY) || data.length != i.dataSize()
                || ((attributes ^ i.attributes()) & ~JOURNALLED_ATTRIBUTES) != 0) {
            throw new IllegalArgumentException(String.format("NV index 0x%08x does not match it", handle));
        }
        i.setAttributes(attributes);
        i.write(0, data);
    }

    /** One ORDERLY index's RAM copy in a volatile state: its handle, attributes and data. */
    public record RamCopy(int handle, int attributes, byte[] data) {
    }

    /** The RAM copies of the ORDERLY indices, for the volatile state (Part 1, 37.2.3: RAM the TPM keeps until Shutdown). */
    public void encodeRam(TpmWriter w) {
        List<NvIndex> orderly = indices.values().stream().filter(i -> i.has(TpmaNv.ORDERLY)).toList();
        w.u16(orderly.size());
        for (NvIndex i : orderly) {
            w.u32(i.handle()).u32(i.attributes());
            w.u16(i.dataSize());
            i.copyData(w);
        }
    }

    /**
     * Reads what {@link #encodeRam} wrote (sizes bounded by MAX_NV_INDEX_SIZE).
     *
     * @throws TpmRcException when it is malformed
     */
    public static List<RamCopy> readRam(TpmReader r) {
        int n = r.u16();
        List<RamCopy> all = new ArrayList<>(Math.min(n, 64));
        for (int k = 0; k < n; k++) {
            all.add(new RamCopy(r.u32(), r.u32(), r.tpm2b(NvBudget.MAX_NV_INDEX_SIZE)));
        }
        return all;
    }

    /**
     * Resuming a volatile state: each ORDERLY index gets the RAM copy it holds (data and the
     * WRITTEN and lock bits). A copy that does not fit the index as defined now (undefined or
     * redefined since) is left out. Counters still resume at least at the top of the window of
     * their NV copy ({@link #resumeVolatile}): a volatile state may be older than the counter.
     */
    public void restoreRam(List<RamCopy> copies) {
        for (RamCopy c : copies) {
            NvIndex i = indices.get(c.handle());
            if (i != null && i.has(TpmaNv.ORDERLY) && c.data().length == i.dataSize()
                    && ((c.attributes() ^ i.attributes()) & ~JOURNALLED_ATTRIBUTES) == 0) {
                i.setAttributes(c.attributes());
                i.write(0, c.data());
            }
        }
    }

    /** The permanent part: maxCounter and every index as NV holds it. */
    public void encode(TpmWriter w) {
        w.u64(maxCounter);
        w.u16(indices.size());
        for (NvIndex i : indices.values()) {
            i.nvPublic().write2b(w);
            w.tpm2b(i.authValue());
            w.tpm2b(i.nvData());
        }
    }

    /**
     * Reads what {@link #encode} wrote, each index checked as NV_DefineSpace would accept it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NvIndices decode(TpmReader r) {
        NvIndices s = new NvIndices();
        s.maxCounter = r.u64();
        int n = r.u16();
        List<NvIndex> all = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int size = r.u16();
            int end = r.position() + size;
            NvPublic p = NvPublic.read(r);
            if (r.position() != end) {
                throw new IllegalArgumentException("an NV index's public area is malformed");
            }
            byte[] auth = r.tpm2b(64);
            byte[] data = r.tpm2b(NvBudget.MAX_NV_INDEX_SIZE);
            String why = NvRules.checkStored(p, auth, data);
            if (why != null) {
                throw new IllegalArgumentException(String.format("NV index 0x%08x: %s", p.nvIndex(), why));
            }
            if (s.indices.containsKey(p.nvIndex())) {
                throw new IllegalArgumentException(String.format("NV index 0x%08x twice", p.nvIndex()));
            }
            NvIndex i = new NvIndex(p, auth, data);
            s.indices.put(p.nvIndex(), i);
            all.add(i);
        }
        return s;
    }
}
