package io.jvtpm.engine.ptp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interrupt enable/status registers and the level they drive (PTP "Interrupts"). */
class InterruptRegistersTest {
    private static final int GLOBAL = 1 << 31;
    private static final int SOURCES = 0xF;
    private static final int POLARITY = 0x18;
    private final List<Boolean> levels = new ArrayList<>();
    private final InterruptRegisters irq = new InterruptRegisters(2,
            new InterruptRegisters.Layout(GLOBAL, SOURCES, GLOBAL | SOURCES | POLARITY, 0x08), levels::add);

    @Test
    void resetValues() {
        assertEquals(0x08, irq.enable(0));
        assertEquals(0x08, irq.enable(1));
        assertEquals(0, irq.status(1));
        assertFalse(irq.asserted());
        assertEquals(List.of(), levels, "the line starts low and is not driven");
    }

    @Test
    void aSourceLatchesOnlyWhileEnabled() {
        irq.raise(0, 0x1);
        assertEquals(0, irq.status(0));
        irq.writeEnable(0, 0x1, 0xFF);
        irq.raise(0, 0x3);
        assertEquals(0x1, irq.status(0), "only the enabled source");
        assertFalse(irq.asserted(), "no global enable");
        irq.writeEnable(0, GLOBAL | 0x1, 0xFF00_00FF);
        assertTrue(irq.asserted());
        assertEquals(List.of(true), levels);
        irq.clearStatus(0, 0x1);
        assertFalse(irq.asserted());
        assertEquals(List.of(true, false), levels);
    }

    @Test
    void writesChangeOnlyTheWrittenBytesAndWritableBits() {
        irq.writeEnable(1, 0xFFFF_FFFF, 0x0000_00FF);
        assertEquals(SOURCES | POLARITY, irq.enable(1), "bits 5..7 are not writable, the global byte was not written");
        irq.writeEnable(1, 0, 0xFF00_0000);
        assertEquals(SOURCES | POLARITY, irq.enable(1));
        irq.writeEnable(1, GLOBAL, 0xFF00_0000);
        assertEquals(GLOBAL | SOURCES | POLARITY, irq.enable(1));
    }

    @Test
    void theLineIsTheOrOfTheBanksAndALineThatThrowsIsSurvived() {
        InterruptRegisters broken = new InterruptRegisters(2, new InterruptRegisters.Layout(GLOBAL, SOURCES, GLOBAL | SOURCES, 0),
                up -> {
                    throw new IllegalStateException("VMM gone");
                });
        broken.writeEnable(0, GLOBAL | 0x4, -1);
        broken.writeEnable(1, GLOBAL | 0x4, -1);
        broken.raise(0, 0x4);
        broken.raise(1, 0x4);
        assertTrue(broken.asserted());
        broken.clearStatus(0, 0x4);
        assertTrue(broken.asserted(), "bank 1 still holds it");
        broken.clearStatus(1, 0x4);
        assertFalse(broken.asserted());
        broken.raise(1, 0x4);
        broken.reset();
        assertFalse(broken.asserted());
        assertEquals(0, broken.enable(1));
    }

    @Test
    void aLayoutWhoseResetValueIsNotWritableIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InterruptRegisters.Layout(GLOBAL, SOURCES, GLOBAL, 0));
        assertThrows(IllegalArgumentException.class, () -> new InterruptRegisters.Layout(GLOBAL, SOURCES, GLOBAL | SOURCES, 0x40));
    }
}
