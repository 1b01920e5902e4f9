package io.jvtpm.acpi.aml;

import io.jvtpm.acpi.aml.resource.ResourceDescriptor;
import java.util.List;

/**
 * {@code ResourceTemplate() { ... }} (ACPI 6.5 section 19.3.3 and 6.4): a Buffer holding the
 * resource descriptors followed by an End Tag (0x79) and its checksum byte. With
 * {@code checksummed} false the checksum byte is 0, which the spec defines as "treat as valid"
 * and which iasl and QEMU emit; with true it makes all bytes of the template sum to zero.
 */
public record ResourceTemplate(List<ResourceDescriptor> descriptors, boolean checksummed) implements DataObject {

    public ResourceTemplate {
        descriptors = List.copyOf(descriptors);
    }

    /** A template with the usual zero checksum byte. */
    public ResourceTemplate(List<ResourceDescriptor> descriptors) {
        this(descriptors, false);
    }

    /** The descriptor bytes including the End Tag, as the buffer holds them. */
    public byte[] descriptorBytes() {
        AmlSink d = new AmlSink();
        for (ResourceDescriptor r : descriptors) {
            r.encode(d);
        }
        d.u8(0x79);
        int sum = 0;
        for (int i = 0; i < d.size(); i++) {
            sum += d.get(i);
        }
        d.u8(checksummed ? (-sum) & 0xFF : 0);
        return d.toByteArray();
    }

    @Override
    public void encode(AmlSink out) {
        new AmlBuffer(descriptorBytes()).encode(out);
    }
}
