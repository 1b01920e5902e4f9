package io.jvtpm.examples.boot.vm;

import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.kvm.mem.GuestMemory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest's RAM as host mappings, one per {@link RamRegion} (each becomes a KVM memory slot,
 * KVM_SET_USER_MEMORY_REGION in linux/kvm.h), with writes routed by guest-physical address.
 */
public final class GuestRam implements AutoCloseable {

    private final List<GuestMemory> regions;
    private volatile boolean zeroed = true;

    private GuestRam(List<GuestMemory> regions) {
        this.regions = List.copyOf(regions);
    }

    /** Maps zeroed host memory for every region. */
    public static GuestRam allocate(List<RamRegion> layout) {
        List<GuestMemory> r = new ArrayList<>();
        try {
            for (RamRegion region : layout) {
                r.add(GuestMemory.allocate(region.guestAddress(), region.size()));
            }
        } catch (RuntimeException e) {
            r.forEach(GuestMemory::close);
            throw e;
        }
        return new GuestRam(r);
    }

    /** True until a guest runs in this RAM (after {@link #allocate} and after {@link #clear}): every byte is zero. */
    public boolean zeroed() {
        return zeroed;
    }

    /** Notes that a guest is about to run in this RAM, which then holds what it leaves. */
    public void markInUse() {
        zeroed = false;
    }

    /** The bytes of RAM over all regions. */
    public long size() {
        long n = 0;
        for (GuestMemory m : regions) {
            n += m.size();
        }
        return n;
    }

    public List<GuestMemory> regions() {
        return regions;
    }

    /** Copies {@code bytes} to guest-physical {@code gpa}; the range must lie in one region. */
    public void write(long gpa, byte[] bytes) {
        region(gpa, bytes.length).write(gpa, bytes);
    }

    /** A view of {@code length} bytes of guest memory at {@code gpa}, for bulk reads into it; the range must lie in one region. */
    public ByteBuffer buffer(long gpa, int length) {
        return region(gpa, length).buffer(gpa, length);
    }

    /** Copies {@code length} bytes out of guest memory. */
    public byte[] read(long gpa, int length) {
        return region(gpa, length).read(gpa, length);
    }

    /** Overwrites all of RAM with zeros (TCG Platform Reset Attack Mitigation: MOR ClearMemory). */
    public void clear() {
        for (GuestMemory m : regions) {
            m.fill(m.base(), m.size(), (byte) 0);
        }
        zeroed = true;
    }

    private GuestMemory region(long gpa, long length) {
        for (GuestMemory m : regions) {
            if (m.contains(gpa, length)) {
                return m;
            }
        }
        throw new IndexOutOfBoundsException(String.format("guest range 0x%x+%d is not in RAM", gpa, length));
    }

    @Override
    public void close() {
        regions.forEach(GuestMemory::close);
    }
}
