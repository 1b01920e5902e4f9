package io.jvtpm.examples.boot.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SyntheticBzImage;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuestMemoryLayoutTest {

    private static BzImage kernel() throws BootException {
        return BzImage.parse("k", new SyntheticBzImage().build());
    }

    @Test
    void placesKernelInitrdAndTablesIn512M() throws BootException {
        GuestMemoryLayout l = GuestMemoryLayout.plan(512L << 20, kernel(), 30_000_001L, 100);
        assertEquals(512L << 20, l.lowRamEnd());
        assertEquals(0, l.highRamBytes());
        assertEquals(0x1000000, l.kernelAddress());
        assertEquals(0x1000200, l.entry64());
        assertEquals(0x20000000L - 0x10000, l.eventLogAddress());
        assertEquals(0x20000000L - 0x30000, l.acpiTablesAddress());
        assertEquals(0, l.initrdAddress() % 4096);
        assertTrue(l.initrdAddress() + l.initrdSize() <= l.acpiTablesAddress());
        assertTrue(l.acpiTablesAddress() - (l.initrdAddress() + l.initrdSize()) < 4096, "initrd sits as high as it can");
        assertEquals(List.of(new RamRegion(0, 512L << 20)), l.ramRegions());
        E820Map m = l.e820();
        assertEquals(E820Type.RAM, m.typeAt(0x7000));
        assertEquals(E820Type.RESERVED, m.typeAt(0x9FC00));
        assertNull(m.typeAt(0xB8000));
        assertEquals(E820Type.RESERVED, m.typeAt(GuestMemoryLayout.RSDP_ADDRESS));
        assertEquals(E820Type.RAM, m.typeAt(l.kernelAddress()));
        assertEquals(E820Type.RAM, m.typeAt(l.initrdAddress()));
        assertEquals(E820Type.ACPI, m.typeAt(l.acpiTablesAddress()));
        assertEquals(E820Type.RESERVED, m.typeAt(l.eventLogAddress()));
        assertNull(m.typeAt(0xFED40000L), "TPM registers are not RAM");
        assertNull(m.typeAt(0xFED45000L), "PPI page is not RAM");
        assertNull(m.typeAt(0xFED46000L), "the CRB buffer page is not RAM (the kernel ioremaps it)");
        assertEquals(0x9FC00 + (l.acpiTablesAddress() - 0x100000), m.ramBytes());
    }

    @Test
    void splitsAroundTheMmioHole() throws BootException {
        GuestMemoryLayout l = GuestMemoryLayout.plan(4L << 30, kernel(), 0, 10);
        assertEquals(0xC0000000L, l.lowRamEnd());
        assertEquals(1L << 30, l.highRamBytes());
        assertEquals(List.of(new RamRegion(0, 0xC0000000L), new RamRegion(1L << 32, 1L << 30)), l.ramRegions());
        assertEquals(E820Type.RAM, l.e820().typeAt(1L << 32));
        assertNull(l.e820().typeAt(0xFED40000L));
        assertEquals(0, l.initrdAddress());
    }

    @Test
    void initrdStaysBelowInitrdAddrMax() throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        s.initrdAddrMax = 0x37FFFFFF;
        GuestMemoryLayout l = GuestMemoryLayout.plan(2L << 30, BzImage.parse("k", s.build()), 1 << 20, 0);
        assertEquals(0x38000000L - (1 << 20), l.initrdAddress());
    }

    @Test
    void nonRelocatableKernelGoesToCode32Start() throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        s.relocatable = false;
        assertEquals(0x100000, GuestMemoryLayout.plan(64L << 20, BzImage.parse("k", s.build()), 0, 0).kernelAddress());
    }

    @ParameterizedTest
    @CsvSource({
            "8388608, 0, 0, below the minimum",
            "16777216, 0, 0, too small for the kernel",
            "67108864, 40000000, 0, too small for the kernel and a",
            "1099511631872, 0, 0, above the maximum",
            "67112000, 0, 0, not a multiple of 4 KiB",
            "536870912, 0, 3000, this kernel takes at most 2047"})
    void rejectsWhatDoesNotFit(long memory, long initrd, int cmdline, String message) {
        BootException e = assertThrows(BootException.class, () -> GuestMemoryLayout.plan(memory, kernel(), initrd, cmdline));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void e820RejectsOverlapsAndTooManyEntries() {
        assertThrows(IllegalArgumentException.class, () -> E820Map.of(List.of(
                new E820Entry(0, 0x2000, E820Type.RAM), new E820Entry(0x1000, 0x1000, E820Type.RESERVED))));
        List<E820Entry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 129; i++) {
            many.add(new E820Entry(i * 0x2000L, 0x1000, E820Type.RAM));
        }
        assertThrows(IllegalArgumentException.class, () -> E820Map.of(many));
    }

    @ParameterizedTest
    @CsvSource({"512, 536870912", "512M, 536870912", "2G, 2147483648", "1536k, 1572864", "4GiB, 4294967296", "1T, 1099511627776"})
    void parsesMemorySizes(String text, long bytes) throws BootException {
        assertEquals(bytes, MemorySize.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"'', empty", "abc, not a number", "12Q, unknown unit", "-5, must be positive", "0, must be positive",
            "99999999999999T, too large"})
    void rejectsBadMemorySizes(String text, String message) {
        BootException e = assertThrows(BootException.class, () -> MemorySize.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
