package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_MMIO_DATA;
import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_MMIO_LEN;
import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_MMIO_PIO;
import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_MMIO_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_RING_ENTRIES;

import io.jvtpm.kvm.bus.MmioBus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The VM's coalesced MMIO ring (linux/kvm.h struct kvm_coalesced_mmio_ring, the page at
 * KVM_CAP_COALESCED_MMIO in every vCPU's mapping): guest writes to a registered zone wait there
 * instead of exiting, and are handed to the bus, in the guest's order, before the next exit of
 * any vCPU is handled — so a device sees them before any later access that does exit.
 */
public final class CoalescedMmioRing {
    private static final int PAGE = 4096;
    /** KVM_COALESCED_MMIO_MAX: the entries that fit the page after first and last. */
    static final int CAPACITY = (PAGE - COALESCED_RING_ENTRIES) / COALESCED_MMIO_SIZE;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FIRST = 0;
    private static final int LAST = 4;

    /** What every vCPU's view of one VM's ring shares: the lock its draining takes and a count. */
    public static final class Shared {
        private long delivered;

        /** A share with nothing delivered yet; one per VM. */
        public Shared() {
        }

        /** The writes handed to the bus so far, by every view. */
        public synchronized long delivered() {
            return delivered;
        }
    }

    private final ByteBuffer page;
    private final Shared shared;

    /**
     * The ring in {@code page} (4 KiB, little-endian, index 0 = the ring's start); every vCPU's
     * view of the same VM shares {@code shared}.
     */
    public CoalescedMmioRing(ByteBuffer page, Shared shared) {
        if (page.capacity() < PAGE) {
            throw new IllegalArgumentException("the coalesced MMIO ring needs a 4 KiB page, got " + page.capacity());
        }
        this.page = page.order(ByteOrder.LITTLE_ENDIAN);
        this.shared = shared;
    }

    /** Hands every waiting write to {@code bus}, oldest first; the number handed over. */
    public int drain(MmioBus bus) {
        if ((int) INT.getAcquire(page, FIRST) == (int) INT.getAcquire(page, LAST)) {
            return 0;
        }
        synchronized (shared) {
            int first = (int) INT.getAcquire(page, FIRST);
            int last = (int) INT.getAcquire(page, LAST);
            int n = 0;
            if (last < 0 || last >= CAPACITY) {
                return 0;
            }
            while (first != last) {
                if (first < 0 || first >= CAPACITY) {
                    // not a ring KVM wrote; start over empty rather than read outside the page
                    INT.setRelease(page, FIRST, last);
                    return n;
                }
                int at = COALESCED_RING_ENTRIES + first * COALESCED_MMIO_SIZE;
                long address = page.getLong(at);
                int len = page.getInt(at + COALESCED_MMIO_LEN);
                int pio = page.getInt(at + COALESCED_MMIO_PIO);
                if (pio == 0 && (len == 1 || len == 2 || len == 4 || len == 8)) {
                    long value = switch (len) {
                        case 1 -> page.get(at + COALESCED_MMIO_DATA) & 0xFFL;
                        case 2 -> page.getShort(at + COALESCED_MMIO_DATA) & 0xFFFFL;
                        case 4 -> page.getInt(at + COALESCED_MMIO_DATA) & 0xFFFFFFFFL;
                        default -> page.getLong(at + COALESCED_MMIO_DATA);
                    };
                    bus.write(address, len, value);
                }
                first = (first + 1) % CAPACITY;
                INT.setRelease(page, FIRST, first);
                n++;
            }
            shared.delivered += n;
            return n;
        }
    }
}
