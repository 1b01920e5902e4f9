package io.jvtpm.kvm.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    @Test
    void readsAndWritesByGuestPhysicalAddressLittleEndian() {
        try (GuestMemory m = GuestMemory.allocate(0x100000, 0x2000)) {
            m.write32(0x100010, 0x11223344L);
            assertEquals(0x44, m.read8(0x100010));
            assertEquals(0x3344, m.read16(0x100010));
            assertEquals(0x11223344L, m.read32(0x100010));
            m.write64(0x101FF8, 0x8877665544332211L);
            assertEquals(0x8877665544332211L, m.read64(0x101FF8));
            assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, m.read(0x100010, 4));
            ByteBuffer view = m.buffer(0x100010, 8);
            assertEquals(0x11223344, view.getInt(0));
            view.putShort(4, (short) 0x5566);
            assertEquals(0x5566, m.read16(0x100014));
            m.fill(0x100000, 16, (byte) 0xAB);
            assertEquals(0xABABABABL, m.read32(0x100000));
        }
    }

    @Test
    void largeMemoryIsPlacedForHugePages() {
        long mib2 = 2L << 20;
        for (long base : new long[] {0, 0x100000, 0x1_0000_0000L, 0x1_0030_0000L}) {
            try (GuestMemory m = GuestMemory.allocate(base, 8 * mib2)) {
                assertEquals(Math.floorMod(base, mib2), Math.floorMod(m.hostAddress(), mib2),
                        "host address congruent to guest-physical 0x" + Long.toHexString(base) + " modulo 2 MiB");
                m.write64(base + 8 * mib2 - 8, 0x0102030405060708L);
                m.write64(base, -1L);
                assertEquals(0x0102030405060708L, m.read64(base + 8 * mib2 - 8));
                assertEquals(0L, m.read64(base + 8));
            }
        }
    }

    @Test
    void accessesOutsideTheMemoryAreRefused() {
        try (GuestMemory m = GuestMemory.allocate(0x100000, 0x1000)) {
            assertThrows(IndexOutOfBoundsException.class, () -> m.read8(0xFFFFF));
            assertThrows(IndexOutOfBoundsException.class, () -> m.read32(0x100FFE));
            assertThrows(IndexOutOfBoundsException.class, () -> m.write64(0x101000, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.write(0x100FF0, new byte[17]));
            assertThrows(IndexOutOfBoundsException.class, () -> m.buffer(Long.MAX_VALUE, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.read(0x100000, new byte[4], 2, 4));
            assertTrue(m.contains(0x100000, 0x1000));
            assertFalse(m.contains(0x100001, 0x1000));
            assertFalse(m.contains(0x100000, -1));
        }
    }

    @Test
    void badShapesAndUseAfterCloseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(0, 0));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(0, 100));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(0x800, 0x1000));
        GuestMemory m = GuestMemory.allocate(0, 0x1000);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.read8(0));
    }
}
