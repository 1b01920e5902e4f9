package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.examples.boot.layout.GuestMemoryLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootPageTablesTest {

    private final byte[] tables = BootPageTables.pageTables();

    @ParameterizedTest
    @ValueSource(longs = {0x0, 0x7000, 0x20000, 0x1000200, 0x1FFFFFFF, 0xBFFFFFFFL, 0xFED40000L, 0xFFFFFFFFL})
    void identityMapsTheFirst4GiB(long address) {
        assertEquals(address, BootPageTables.translate(tables, address));
    }

    @Test
    void nothingAbove4GiB() {
        assertEquals(-1, BootPageTables.translate(tables, 1L << 32));
        assertEquals(-1, BootPageTables.translate(tables, 1L << 39));
    }

    @Test
    void tablesFitBelowTheCommandLine() {
        assertEquals((2 + GuestMemoryLayout.PD_COUNT) * 4096, tables.length);
        assertEquals(true, GuestMemoryLayout.PML4_ADDRESS + tables.length <= GuestMemoryLayout.CMDLINE_ADDRESS);
        assertEquals(true, GuestMemoryLayout.BOOT_PARAMS_ADDRESS + 4096 <= GuestMemoryLayout.PML4_ADDRESS);
    }

    @Test
    void gdtHasBootCodeAndDataWhereBootRstSaysSo() {
        ByteBuffer g = ByteBuffer.wrap(BootPageTables.gdt()).order(ByteOrder.LITTLE_ENDIAN);
        long code = g.getLong(BootPageTables.BOOT_CS);
        long data = g.getLong(BootPageTables.BOOT_DS);
        assertEquals(1, (code >>> 53) & 1, "CS.L");
        assertEquals(0, (code >>> 54) & 1, "CS.D must be 0 in long mode");
        assertEquals(0xB, (code >>> 40) & 0xF, "execute/read, accessed");
        assertEquals(1, (code >>> 47) & 1, "present");
        assertEquals(0x3, (data >>> 40) & 0xF, "read/write, accessed");
        assertEquals(0xFFFFF, (data & 0xFFFF) | ((data >>> 32) & 0xF0000), "flat limit");
        assertEquals(39, BootPageTables.gdtLimit());
    }

    @Test
    void pml5PointsAtThePml4AndFitsBetweenTheZeroPageAndIt() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(BootPageTables.pml5()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(GuestMemoryLayout.PML4_ADDRESS | BootPageTables.PRESENT_RW, b.getLong(0));
        for (int i = 1; i < 512; i++) {
            assertEquals(0, b.getLong(i * 8), "PML5 entry " + i);
        }
        assertEquals(true, GuestMemoryLayout.BOOT_PARAMS_ADDRESS + 4096 <= GuestMemoryLayout.PML5_ADDRESS);
        assertEquals(GuestMemoryLayout.PML4_ADDRESS, GuestMemoryLayout.PML5_ADDRESS + 4096);
    }
}
