package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * One resource data descriptor of a resource template (ACPI 6.5 section 6.4: small descriptors
 * with a one-byte tag, large descriptors with a tag byte and a 16-bit length).
 */
public sealed interface ResourceDescriptor
        permits Memory32Fixed, Memory32, Io, FixedIo, Irq, ExtendedInterrupt, AddressSpace {

    /** Appends the descriptor's bytes. */
    void encode(AmlSink out);
}
