package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * {@code FixedIO(base, length)} (ACPI 6.5 section 6.4.2.6, Fixed Location I/O Port Descriptor,
 * small item 0x4B; 10-bit base).
 */
public record FixedIo(int base, int length) implements ResourceDescriptor {
    public FixedIo {
        if (base < 0 || base > 0x3FF) {
            throw new IllegalArgumentException("FixedIO base is 10 bits: 0x" + Integer.toHexString(base));
        }
        Bits.checkU8("length", length);
    }

    @Override
    public void encode(AmlSink out) {
        out.u8(0x4B).u16(base).u8(length);
    }
}
