package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.List;
import java.util.Objects;

/**
 * {@code Interrupt(ResourceConsumer|ResourceProducer, Level|Edge, ActiveHigh|ActiveLow,
 * Exclusive|Shared, ...){gsi, ...}} (ACPI 6.5 section 6.4.3.6, Extended Interrupt Descriptor,
 * large item 0x89), without a resource source.
 */
public record ExtendedInterrupt(boolean consumer, InterruptFlags flags, List<Long> interrupts)
        implements ResourceDescriptor {

    public ExtendedInterrupt {
        Objects.requireNonNull(flags, "flags");
        interrupts = List.copyOf(interrupts);
        if (interrupts.isEmpty() || interrupts.size() > 255) {
            throw new IllegalArgumentException("Interrupt() needs 1..255 interrupt numbers");
        }
        for (long i : interrupts) {
            Bits.checkU32("interrupt", i);
        }
    }

    /** A consumer of the given interrupts. */
    public static ExtendedInterrupt of(InterruptFlags flags, long... interrupts) {
        return new ExtendedInterrupt(true, flags, java.util.Arrays.stream(interrupts).boxed().toList());
    }

    @Override
    public void encode(AmlSink out) {
        int info = (consumer ? 0x01 : 0)
                | (flags.edgeTriggered() ? 0x02 : 0)
                | (flags.activeLow() ? 0x04 : 0)
                | (flags.shared() ? 0x08 : 0)
                | (flags.wakeCapable() ? 0x10 : 0);
        out.u8(0x89).u16(2 + 4 * interrupts.size()).u8(info).u8(interrupts.size());
        for (long i : interrupts) {
            out.u32(i);
        }
    }
}
