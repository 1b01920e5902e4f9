package io.jvtpm.kvm.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressBusTest {
    private static final BusReader ZERO = (o, s) -> 0;
    private static final BusWriter DROP = (o, s, v) -> { };

    @ParameterizedTest(name = "[{0}+{1}] against [0x1000+0x100]")
    @CsvSource({
        "0x1000, 0x100", "0x0F00, 0x101", "0x10FF, 1", "0x1080, 0x10", "0x0000, 0x2000", "0x1000, 1"})
    void overlapsAreRejected(String base, String length) {
        MmioBus bus = new MmioBus();
        bus.register("a", 0x1000, 0x100, ZERO, DROP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.register("b", Long.decode(base), Long.decode(length), ZERO, DROP));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @ParameterizedTest(name = "[{0}+{1}] next to [0x1000+0x100]")
    @CsvSource({"0x0F00, 0x100", "0x1100, 0x100", "0x0, 1"})
    void neighboursAreAccepted(String base, String length) {
        MmioBus bus = new MmioBus();
        bus.register("a", 0x1000, 0x100, ZERO, DROP);
        bus.register("b", Long.decode(base), Long.decode(length), ZERO, DROP);
        assertEquals(2, bus.regions().length);
    }

    @Test
    void zeroLengthAndOverflowAreRejected() {
        MmioBus mmio = new MmioBus();
        assertThrows(IllegalArgumentException.class, () -> mmio.register("z", 0x1000, 0, ZERO, DROP));
        assertThrows(IllegalArgumentException.class, () -> mmio.register("wrap", -16L, 32, ZERO, DROP));
        mmio.register("top", -16L, 16, ZERO, DROP);
        PioBus pio = new PioBus();
        assertThrows(IllegalArgumentException.class, () -> pio.register("past", 0xFFFF, 2, ZERO, DROP));
        assertThrows(IllegalArgumentException.class, () -> pio.register("far", 0x10000, 1, ZERO, DROP));
        pio.register("last", 0xFFFF, 1, ZERO, DROP);
    }

    @Test
    void lookupFindsTheRightRegionAmongMany() {
        MmioBus bus = new MmioBus();
        List<BusRegion> regions = new ArrayList<>();
        Random r = new Random(42);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        for (int i : order) {
            regions.add(bus.register("r" + i, 0x10000L * i, 0x100, ZERO, DROP));
        }
        for (BusRegion reg : regions) {
            assertSame(reg, bus.find(reg.base()));
            assertSame(reg, bus.find(reg.base() + 0xFF));
            assertNull(bus.find(reg.base() + 0x100));
        }
        assertNull(bus.find(-1L));
        BusRegion high = bus.register("high", 0xFED40000L | (1L << 63), 0x5000, ZERO, DROP);
        assertSame(high, bus.find(0xFED44FFFL | (1L << 63)));
    }

    @Test
    void handlersSeeOffsetsRelativeToTheirBaseAndMaskedValues() {
        PioBus bus = new PioBus();
        List<String> seen = new ArrayList<>();
        bus.register("dev", 0x3F8, 8, (o, s) -> {
            seen.add("r" + o + "/" + s);
            return 0x1122334455667788L;
        }, (o, s, v) -> seen.add("w" + o + "/" + s + "=" + Long.toHexString(v)));
        assertEquals(0x88, bus.read(0x3F8, 1));
        assertEquals(0x7788, bus.read(0x3FA, 2));
        assertEquals(0x55667788L, bus.read(0x3FC, 4));
        bus.write(0x3FD, 1, 0x1FF);
        bus.write(0x3F8, 4, 0xFFFFFFFFAABBCCDDL);
        assertEquals(List.of("r0/1", "r2/2", "r4/4", "w5/1=ff", "w0/4=aabbccdd"), seen);
    }

    @Test
    void unhandledAndStraddlingAccessesReadAllOnes() {
        MmioBus bus = new MmioBus();
        List<String> seen = new ArrayList<>();
        bus.register("dev", 0x1000, 4, (o, s) -> 0, (o, s, v) -> seen.add("w"));
        assertEquals(0xFF, bus.read(0x2000, 1));
        assertEquals(0xFFFF, bus.read(0x2000, 2));
        assertEquals(0xFFFFFFFFL, bus.read(0x2000, 4));
        assertEquals(-1L, bus.read(0x2000, 8));
        assertEquals(0xFFFFFFFFL, bus.read(0x1002, 4), "access crossing the region end");
        bus.write(0x1002, 4, 1);
        bus.write(0x3000, 1, 1);
        assertEquals(List.of(), seen);
        assertEquals(0, bus.read(0x1000, 4));
    }

    @Test
    void throwingHandlersAreContained() {
        MmioBus bus = new MmioBus();
        bus.register("bad", 0x1000, 0x10, (o, s) -> {
            throw new IllegalStateException("device bug");
        }, (o, s, v) -> {
            throw new AssertionError("device bug");
        });
        assertEquals(0xFFFFFFFFL, bus.read(0x1004, 4));
        bus.write(0x1004, 4, 7);
    }

    @Test
    void unregisterFreesTheRange() {
        PioBus bus = new PioBus();
        BusRegion r = bus.register("a", 0x70, 2, ZERO, DROP);
        assertTrue(bus.unregister(r));
        assertNull(bus.find(0x70));
        bus.register("b", 0x70, 2, ZERO, DROP);
        assertEquals(false, bus.unregister(r));
    }

    @Test
    void badSizesAreRefused() {
        MmioBus bus = new MmioBus();
        assertThrows(IllegalArgumentException.class, () -> bus.read(0, 0));
        assertThrows(IllegalArgumentException.class, () -> bus.read(0, 9));
    }
}
