package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * {@code Memory32Fixed(ReadWrite|ReadOnly, base, length)} (ACPI 6.5 section 6.4.3.4, 32-Bit Fixed
 * Memory Range Descriptor, large item 0x86, 9 data bytes).
 */
public record Memory32Fixed(boolean writeable, long base, long length) implements ResourceDescriptor {
    public Memory32Fixed {
        Bits.checkU32("base", base);
        Bits.checkU32("length", length);
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x86).u16(9).u8(writeable ? 1 : 0).u32(base).u32(length);
    }
}
