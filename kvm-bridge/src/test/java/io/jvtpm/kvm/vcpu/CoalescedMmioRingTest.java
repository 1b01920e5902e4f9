package io.jvtpm.kvm.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.kvm.bus.MmioBus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CoalescedMmioRing} against rings laid out as linux/kvm.h's struct kvm_coalesced_mmio_ring. */
class CoalescedMmioRingTest {
    private final ByteBuffer page = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final List<String> writes = new ArrayList<>();
    private final MmioBus bus = new MmioBus();

    CoalescedMmioRingTest() {
        bus.register("dev", 0xFED40000L, 0x1000, (o, s) -> 0, (o, s, v) -> writes.add(String.format("%x %d %x", o, s, v)));
    }

    /** Writes entry {@code slot} as KVM does. */
    private void entry(int slot, long address, int len, long data) {
        int at = 8 + slot * 24;
        page.putLong(at, address);
        page.putInt(at + 8, len);
        page.putInt(at + 12, 0);
        page.putLong(at + 16, data);
    }

    @Test
    void writesReachTheBusInOrderAndTheRingEmpties() {
        entry(0, 0xFED40024L, 1, 0x80);
        entry(1, 0xFED40024L, 1, 0x01);
        entry(2, 0xFED40080L, 4, 0x11223344L);
        entry(3, 0xFED40088L, 8, 0x0102030405060708L);
        entry(4, 0xFED40090L, 2, 0xBEEF);
        page.putInt(0, 0).putInt(4, 5);
        CoalescedMmioRing.Shared shared = new CoalescedMmioRing.Shared();
        CoalescedMmioRing ring = new CoalescedMmioRing(page, shared);
        assertEquals(5, ring.drain(bus));
        assertEquals(5, shared.delivered());
        assertEquals(List.of("24 1 80", "24 1 1", "80 4 11223344", "88 8 102030405060708", "90 2 beef"), writes);
        assertEquals(5, page.getInt(0), "first caught up with last");
        assertEquals(0, ring.drain(bus));
    }

    @Test
    void theRingWrapsAround() {
        int cap = CoalescedMmioRing.CAPACITY;
        assertEquals(170, cap, "KVM_COALESCED_MMIO_MAX for 4 KiB pages");
        entry(cap - 1, 0xFED40024L, 1, 0xAA);
        entry(0, 0xFED40024L, 1, 0xBB);
        page.putInt(0, cap - 1).putInt(4, 1);
        assertEquals(2, new CoalescedMmioRing(page, new CoalescedMmioRing.Shared()).drain(bus));
        assertEquals(List.of("24 1 aa", "24 1 bb"), writes);
        assertEquals(1, page.getInt(0));
    }

    @Test
    void aNonsenseRingIsEmptiedWithoutReadingOutsideThePage() {
        page.putInt(0, 9999).putInt(4, 3);
        assertEquals(0, new CoalescedMmioRing(page, new CoalescedMmioRing.Shared()).drain(bus));
        assertEquals(3, page.getInt(0));
        entry(3, 0xFED40024L, 3, 0x1);
        page.putInt(4, 4);
        assertEquals(1, new CoalescedMmioRing(page, new CoalescedMmioRing.Shared()).drain(bus), "a bad length is skipped");
        assertEquals(List.of(), writes);
        assertThrows(IllegalArgumentException.class, () -> new CoalescedMmioRing(ByteBuffer.allocateDirect(100), new CoalescedMmioRing.Shared()));
    }
}
