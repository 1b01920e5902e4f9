package io.jvtpm.engine.nv.index;

import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmaNv;

/**
 * The NV memory NV indices and persistent objects share (TPM 2.0 Library Part 1, 37.3; Part 2,
 * 6.13 TPM_PT_NV_*, TPM_PT_HR_PERSISTENT_AVAIL), sized as libtpms sizes a PC-client TPM: the
 * same number of indices of each size, counters and persistent objects fit, with room kept for
 * MIN_EVICT_OBJECTS persistent objects and MIN_COUNTER_INDICES counters, and the RAM of ORDERLY
 * indices (RAM_INDEX_SPACE). Figures measured against libtpms 0.9 (NvDynamic.c's accounting).
 *
 * @param nvUsed     octets the indices take
 * @param ramUsed    octets of ORDERLY RAM the indices take
 */
public record NvBudget(int nvUsed, int ramUsed, int persistentObjects, int counters) {
    /** MAX_NV_INDEX_SIZE. */
    public static final int MAX_NV_INDEX_SIZE = 2048;
    /** MAX_NV_BUFFER_SIZE. */
    public static final int MAX_NV_BUFFER_SIZE = 1024;
    /** The dynamic NV area for indices and persistent objects. */
    static final int NV_USER_SIZE = 171_128;
    /** An index's entry without its data (link and NV_INDEX). */
    static final int INDEX_ENTRY = 152;
    /** A persistent object's entry (link, handle and OBJECT). */
    static final int EVICT_OBJECT = 2_600;
    /** A counter index's entry. */
    static final int COUNTER_ENTRY = INDEX_ENTRY + 8;
    /** The most persistent objects NV could hold. */
    public static final int MAX_PERSISTENT_OBJECTS = NV_USER_SIZE / EVICT_OBJECT;
    /** The list terminator. */
    static final int TERMINATOR = 4;
    static final int MIN_EVICT_OBJECTS = 7;
    static final int MIN_COUNTER_INDICES = 8;
    /** RAM_INDEX_SPACE: the RAM of ORDERLY indices. */
    static final int RAM_INDEX_SPACE = 512;
    /** An ORDERLY index's RAM header (size, handle, attributes). */
    static final int RAM_HEADER = 12;

    /** The NV octets an index takes (its data lives in RAM when ORDERLY). */
    static int indexSize(NvPublic p) {
        return INDEX_ENTRY + (p.has(TpmaNv.ORDERLY) ? 0 : p.dataSize());
    }

    static int ramSize(int dataSize) {
        return RAM_HEADER + dataSize;
    }

    private int free() {
        return NV_USER_SIZE - nvUsed - persistentObjects * EVICT_OBJECT;
    }

    private int evictReserve() {
        return persistentObjects < MIN_EVICT_OBJECTS ? (MIN_EVICT_OBJECTS - persistentObjects) * EVICT_OBJECT : 0;
    }

    private int counterReserve() {
        return counters < MIN_COUNTER_INDICES ? (MIN_COUNTER_INDICES - counters) * COUNTER_ENTRY : 0;
    }

    private boolean fits(int size, int reserved) {
        int remain = free();
        return reserved < remain && size + reserved <= remain;
    }

    /** NvTestSpace for a new index (and the ORDERLY RAM it needs). */
    public boolean roomForIndex(NvPublic p) {
        int reserved = 4 + TERMINATOR + evictReserve() + (p.type() == TpmNt.COUNTER ? 0 : counterReserve());
        if (!fits(indexSize(p), reserved)) {
            return false;
        }
        return !p.has(TpmaNv.ORDERLY) || ramUsed + ramSize(p.dataSize()) <= RAM_INDEX_SPACE;
    }

    /** NvTestSpace for a new persistent object. */
    public boolean roomForObject() {
        return fits(EVICT_OBJECT, 4 + TERMINATOR + counterReserve());
    }

    /** TPM_PT_HR_PERSISTENT_AVAIL as far as NV goes. */
    public int persistentAvail() {
        return Math.max(0, free() - TERMINATOR - counterReserve()) / EVICT_OBJECT;
    }

    /** TPM_PT_NV_COUNTERS_AVAIL. */
    public int countersAvail() {
        int nv = Math.max(0, free() - TERMINATOR - evictReserve()) / COUNTER_ENTRY;
        int ram = (RAM_INDEX_SPACE - ramUsed) / ramSize(8);
        return Math.min(nv, ram);
    }
}
