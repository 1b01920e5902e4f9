package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.List;
import java.util.Objects;

/**
 * {@code IRQNoFlags(){...}} or {@code IRQ(Edge|Level, ActiveHigh|ActiveLow, Exclusive|Shared){...}}
 * (ACPI 6.5 section 6.4.2.1, IRQ Descriptor: small item 0x22 without, 0x23 with the information
 * byte). {@code flags} null means IRQNoFlags (edge, active high, exclusive implied).
 */
public record Irq(List<Integer> irqs, InterruptFlags flags) implements ResourceDescriptor {

    public Irq {
        irqs = List.copyOf(irqs);
        for (int i : irqs) {
            if (i < 0 || i > 15) {
                throw new IllegalArgumentException("IRQ descriptor holds IRQs 0..15, not " + i);
            }
        }
    }

    /** {@code IRQNoFlags(){irqs}}. */
    public static Irq noFlags(Integer... irqs) {
        return new Irq(List.of(irqs), null);
    }

    /** {@code IRQ(...){irqs}} with an information byte. */
    public static Irq withFlags(InterruptFlags flags, Integer... irqs) {
        return new Irq(List.of(irqs), Objects.requireNonNull(flags, "flags"));
    }

    @Override
    public void encode(AmlSink out) {
        int mask = 0;
        for (int i : irqs) {
            mask |= 1 << i;
        }
        out.u8(flags == null ? 0x22 : 0x23).u16(mask);
        if (flags != null) {
            int info = (flags.edgeTriggered() ? 0x01 : 0)
                    | (flags.activeLow() ? 0x08 : 0)
                    | (flags.shared() ? 0x10 : 0)
                    | (flags.wakeCapable() ? 0x20 : 0);
            out.u8(info);
        }
    }
}
