package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * {@code IO(Decode16|Decode10, min, max, alignment, length)} (ACPI 6.5 section 6.4.2.5, I/O Port
 * Descriptor, small item 0x47).
 */
public record Io(boolean decode16, int minimum, int maximum, int alignment, int length) implements ResourceDescriptor {
    public Io {
        Bits.checkU16("minimum", minimum);
        Bits.checkU16("maximum", maximum);
        Bits.checkU8("alignment", alignment);
        Bits.checkU8("length", length);
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x47).u8(decode16 ? 1 : 0).u16(minimum).u16(maximum).u8(alignment).u8(length);
    }
}
