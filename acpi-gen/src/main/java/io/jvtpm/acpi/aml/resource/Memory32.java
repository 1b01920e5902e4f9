package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * {@code Memory32(ReadWrite|ReadOnly, min, max, alignment, length)} (ACPI 6.5 section 6.4.3.3,
 * 32-Bit Memory Range Descriptor, large item 0x85, 17 data bytes).
 */
public record Memory32(boolean writeable, long minimum, long maximum, long alignment, long length)
        implements ResourceDescriptor {
    public Memory32 {
        Bits.checkU32("minimum", minimum);
        Bits.checkU32("maximum", maximum);
        Bits.checkU32("alignment", alignment);
        Bits.checkU32("length", length);
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x85).u16(17).u8(writeable ? 1 : 0).u32(minimum).u32(maximum).u32(alignment).u32(length);
    }
}
