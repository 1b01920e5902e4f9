package io.jvtpm.kvm.mem;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.jvtpm.kvm.KvmException;
import io.jvtpm.kvm.sys.Fd;
import io.jvtpm.kvm.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Guest RAM: an anonymous private mapping that a memory slot (KVM_SET_USER_MEMORY_REGION, linux/kvm.h)
 * lays at guest-physical {@link #base()}. Reads and writes are by guest-physical address, little-endian
 * (x86 native order) and bounds-checked; an address outside [base, base + size) throws {@link IndexOutOfBoundsException}.
 */
public final class GuestMemory implements AutoCloseable {
    private static final long PAGE = 4096;
    private static final long HUGE_PAGE = 2L << 20;
    private final long base;
    private final long size;
    private final Pointer host;
    private volatile boolean closed;

    private GuestMemory(long base, long size, Pointer host) {
        this.base = base;
        this.size = size;
        this.host = host;
    }

    /**
     * Maps {@code size} bytes (a multiple of 4 KiB) of zeroed memory for guest-physical address {@code base}
     * (4 KiB aligned).
     */
    public static GuestMemory allocate(long base, long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("guest memory size must be a positive multiple of 4 KiB, got " + size);
        }
        if (base < 0 || base % PAGE != 0 || base + size < base) {
            throw new IllegalArgumentException("guest memory base must be 4 KiB aligned, got 0x" + Long.toHexString(base));
        }
        try {
            return new GuestMemory(base, size, hugePageFriendlyMap(base, size));
        } catch (LastErrorException e) {
            throw new KvmException("mmap of " + size + " bytes of guest memory", e.getErrorCode());
        }
    }

    /**
     * Anonymous memory whose host address is congruent to {@code base} modulo 2 MiB: where the
     * kernel backs it with transparent huge pages, KVM can map the guest's memory with 2 MiB pages
     * in its nested page tables, which saves a nested page fault per 4 KiB the guest first touches.
     */
    private static Pointer hugePageFriendlyMap(long base, long size) {
        int flags = LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE;
        int prot = LibC.PROT_READ | LibC.PROT_WRITE;
        if (size < HUGE_PAGE) {
            return LibC.mmap(null, size, prot, flags, -1, 0);
        }
        Pointer reserved = LibC.mmap(null, size + HUGE_PAGE, prot, flags, -1, 0);
        long start = Pointer.nativeValue(reserved);
        long aligned = start + Math.floorMod((base % HUGE_PAGE) - start, HUGE_PAGE);
        long head = aligned - start;
        long tail = HUGE_PAGE - head;
        if (head > 0) {
            LibC.munmap(reserved, head);
        }
        if (tail > 0) {
            LibC.munmap(new Pointer(aligned + size), tail);
        }
        // No MADV_HUGEPAGE: where the kernel's THP defrag setting is "madvise" (Debian's), that would
        // make every fault of the guest's first touch wait for memory compaction. Aligned this way,
        // a system with THP "always" gives huge pages whenever it has them free.
        return new Pointer(aligned);
    }

    /** The guest-physical address of the first byte. */
    public long base() {
        return base;
    }

    /** The size in bytes. */
    public long size() {
        return size;
    }

    /** The host virtual address of the first byte (for KVM_SET_USER_MEMORY_REGION). */
    public long hostAddress() {
        return Pointer.nativeValue(host);
    }

    /** The host pointer of the first byte. */
    public Pointer pointer() {
        return host;
    }

    /** True when [gpa, gpa + length) lies inside this memory. */
    public boolean contains(long gpa, long length) {
        return length >= 0 && gpa >= base && gpa - base <= size - length;
    }

    /**
     * A little-endian view of [gpa, gpa + length), sharing the memory: writes to the buffer are seen by the
     * guest and vice versa.
     */
    public ByteBuffer buffer(long gpa, int length) {
        long off = offset(gpa, length);
        return host.getByteBuffer(off, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies bytes out of guest memory. */
    public void read(long gpa, byte[] dst, int dstOffset, int length) {
        if (dstOffset < 0 || length < 0 || dstOffset > dst.length - length) {
            throw new IndexOutOfBoundsException("destination range out of bounds");
        }
        host.read(offset(gpa, length), dst, dstOffset, length);
    }

    /** Copies {@code length} bytes out of guest memory. */
    public byte[] read(long gpa, int length) {
        byte[] b = new byte[length];
        read(gpa, b, 0, length);
        return b;
    }

    /** Copies bytes into guest memory. */
    public void write(long gpa, byte[] src, int srcOffset, int length) {
        if (srcOffset < 0 || length < 0 || srcOffset > src.length - length) {
            throw new IndexOutOfBoundsException("source range out of bounds");
        }
        host.write(offset(gpa, length), src, srcOffset, length);
    }

    /** Copies all of {@code src} into guest memory at {@code gpa}. */
    public void write(long gpa, byte[] src) {
        write(gpa, src, 0, src.length);
    }

    /** Reads one byte (unsigned). */
    public int read8(long gpa) {
        return host.getByte(offset(gpa, 1)) & 0xff;
    }

    /** Reads a little-endian 16-bit value (unsigned). */
    public int read16(long gpa) {
        return Short.toUnsignedInt(host.getShort(offset(gpa, 2)));
    }

    /** Reads a little-endian 32-bit value (unsigned). */
    public long read32(long gpa) {
        return Integer.toUnsignedLong(host.getInt(offset(gpa, 4)));
    }

    /** Reads a little-endian 64-bit value. */
    public long read64(long gpa) {
        return host.getLong(offset(gpa, 8));
    }

    /** Writes one byte. */
    public void write8(long gpa, int value) {
        host.setByte(offset(gpa, 1), (byte) value);
    }

    /** Writes a little-endian 16-bit value. */
    public void write16(long gpa, int value) {
        host.setShort(offset(gpa, 2), (short) value);
    }

    /** Writes a little-endian 32-bit value. */
    public void write32(long gpa, long value) {
        host.setInt(offset(gpa, 4), (int) value);
    }

    /** Writes a little-endian 64-bit value. */
    public void write64(long gpa, long value) {
        host.setLong(offset(gpa, 8), value);
    }

    /** Fills [gpa, gpa + length) with {@code value}. */
    public void fill(long gpa, long length, byte value) {
        host.setMemory(offset(gpa, length), length, value);
    }

    private long offset(long gpa, long length) {
        if (closed) {
            throw new IllegalStateException("guest memory already unmapped");
        }
        if (!contains(gpa, length)) {
            throw new IndexOutOfBoundsException(String.format(
                    "guest-physical range 0x%x+%d outside memory 0x%x..0x%x", gpa, length, base, base + size - 1));
        }
        return gpa - base;
    }

    /** Unmaps the memory; the VM must no longer use a slot over it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Fd.munmap(host, size, "guest memory");
    }

    @Override
    public String toString() {
        return String.format("GuestMemory[0x%x+0x%x]", base, size);
    }
}
