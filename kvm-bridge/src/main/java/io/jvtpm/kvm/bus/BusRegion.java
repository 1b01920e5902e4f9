package io.jvtpm.kvm.bus;

/**
 * A registered address range [base, base + length) on an MMIO or port-I/O bus and the handlers that serve
 * it (the guest-physical or port ranges that exit to user space under linux/kvm.h).
 */
public record BusRegion(String name, long base, long length, BusReader reader, BusWriter writer) {
    /** Checks the fields that need no bus context. */
    public BusRegion {
        if (name == null || reader == null || writer == null) {
            throw new IllegalArgumentException("region name, reader and writer are required");
        }
    }

    /** The last address inside the region (unsigned). */
    public long last() {
        return base + length - 1;
    }

    /** True when the {@code size}-byte access at {@code address} lies entirely inside the region. */
    public boolean covers(long address, int size) {
        long off = address - base;
        return Long.compareUnsigned(off, length) < 0 && Long.compareUnsigned(size, length - off) <= 0;
    }

    @Override
    public String toString() {
        return String.format("%s[0x%x..0x%x]", name, base, last());
    }
}
