package io.jvtpm.kvm.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrqLineTest {
    @Test
    void levelsAndPulses() {
        List<String> levels = new ArrayList<>();
        IrqLine line = new IrqLine(13, (irq, high) -> levels.add(irq + (high ? "+" : "-")));
        line.assertLine();
        line.deassertLine();
        line.pulse();
        line.set(true);
        assertEquals(List.of("13+", "13-", "13+", "13-", "13+"), levels);
        assertThrows(IllegalArgumentException.class, () -> new IrqLine(-1, (i, h) -> { }));
    }
}
