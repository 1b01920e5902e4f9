package io.jvtpm.kvm.bus;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bus of non-overlapping address regions (the MMIO and port-I/O exits of linux/kvm.h land here). Lookups
 * are a binary search over a sorted, copy-on-write array, so any number of vCPU threads may dispatch while
 * another thread registers. An access nobody serves reads as all-ones and is logged once per address; a
 * handler that throws is logged and the access completes (reads all-ones), so no guest access can end a
 * vCPU loop.
 */
public abstract sealed class AddressBus permits MmioBus, PioBus {
    private static final Logger LOG = LoggerFactory.getLogger(AddressBus.class);
    private static final int MAX_LOGGED_ADDRESSES = 1024;

    private final String kind;
    private final long lastAddress;
    private final Set<Long> loggedUnhandled = ConcurrentHashMap.newKeySet();
    private volatile BusRegion[] regions = new BusRegion[0];

    AddressBus(String kind, long lastAddress) {
        this.kind = kind;
        this.lastAddress = lastAddress;
    }

    /**
     * Registers [base, base + length) for a device; rejects a zero length, a range past the bus's last address
     * (or wrapping around) and any overlap with a registered region.
     */
    public synchronized BusRegion register(String name, long base, long length, BusReader reader, BusWriter writer) {
        if (length == 0) {
            throw new IllegalArgumentException(kind + " region " + name + " has zero length");
        }
        long last = base + length - 1;
        if (Long.compareUnsigned(last, base) < 0 || Long.compareUnsigned(last, lastAddress) > 0) {
            throw new IllegalArgumentException(String.format("%s region %s at 0x%x length 0x%x runs past 0x%x",
                    kind, name, base, length, lastAddress));
        }
        BusRegion region = new BusRegion(name, base, length, reader, writer);
        BusRegion[] cur = regions;
        int at = insertionPoint(cur, base);
        if (at > 0 && Long.compareUnsigned(cur[at - 1].last(), base) >= 0) {
            throw new IllegalArgumentException(kind + " region " + region + " overlaps " + cur[at - 1]);
        }
        if (at < cur.length && Long.compareUnsigned(cur[at].base(), last) <= 0) {
            throw new IllegalArgumentException(kind + " region " + region + " overlaps " + cur[at]);
        }
        BusRegion[] next = new BusRegion[cur.length + 1];
        System.arraycopy(cur, 0, next, 0, at);
        next[at] = region;
        System.arraycopy(cur, at, next, at + 1, cur.length - at);
        regions = next;
        return region;
    }

    /** Registers a device whose reader and writer are the same object (e.g. a method-reference pair). */
    public <D extends BusReader & BusWriter> BusRegion register(String name, long base, long length, D device) {
        return register(name, base, length, device, device);
    }

    /** Removes a region; returns false when it was not registered. */
    public synchronized boolean unregister(BusRegion region) {
        BusRegion[] cur = regions;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == region) {
                BusRegion[] next = new BusRegion[cur.length - 1];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                regions = next;
                return true;
            }
        }
        return false;
    }

    /** The region containing {@code address}, or null. */
    public BusRegion find(long address) {
        BusRegion[] cur = regions;
        int lo = 0;
        int hi = cur.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            BusRegion r = cur[mid];
            if (Long.compareUnsigned(address, r.base()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, r.last()) > 0) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** The registered regions in address order. */
    public BusRegion[] regions() {
        return regions.clone();
    }

    /**
     * Performs a {@code size}-byte read at {@code address}: the serving device's value masked to {@code size}
     * bytes, or all-ones when no region covers the whole access or the device failed.
     */
    public long read(long address, int size) {
        long mask = mask(size);
        BusRegion r = find(address);
        if (r == null || !r.covers(address, size)) {
            unhandled(address, size, "read", r);
            return mask;
        }
        try {
            return r.reader().read(address - r.base(), size) & mask;
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            LOG.warn("{} read of {} bytes at 0x{} from {} failed; answering all-ones", kind, size,
                    Long.toHexString(address), r, e);
            return mask;
        }
    }

    /** Performs a {@code size}-byte write at {@code address}; dropped (and logged) when nobody serves it. */
    public void write(long address, int size, long value) {
        BusRegion r = find(address);
        long v = value & mask(size);
        if (r == null || !r.covers(address, size)) {
            unhandled(address, size, "write", r);
            return;
        }
        try {
            r.writer().write(address - r.base(), size, v);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            LOG.warn("{} write of {} bytes (0x{}) at 0x{} to {} failed; write dropped", kind, size,
                    Long.toHexString(v), Long.toHexString(address), r, e);
        }
    }

    /** All-ones in the low {@code size} bytes. */
    static long mask(int size) {
        if (size < 1 || size > 8) {
            throw new IllegalArgumentException("access size " + size + " is not 1..8 bytes");
        }
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    private void unhandled(long address, int size, String what, BusRegion partial) {
        if (loggedUnhandled.size() >= MAX_LOGGED_ADDRESSES) {
            return;
        }
        if (loggedUnhandled.add(address)) {
            if (partial != null) {
                LOG.info("{} {} of {} bytes at 0x{} crosses the end of {}; ignored", kind, what, size,
                        Long.toHexString(address), partial);
            } else {
                LOG.info("{} {} of {} bytes at 0x{}: no device; ignored", kind, what, size,
                        Long.toHexString(address));
            }
            if (loggedUnhandled.size() == MAX_LOGGED_ADDRESSES) {
                LOG.info("{}: {} unhandled addresses logged; not logging more", kind, MAX_LOGGED_ADDRESSES);
            }
        }
    }

    private static int insertionPoint(BusRegion[] cur, long base) {
        int lo = 0;
        int hi = cur.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(cur[mid].base(), base) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
