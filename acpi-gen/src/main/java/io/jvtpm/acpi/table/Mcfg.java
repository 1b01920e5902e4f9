package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.List;
import java.util.Objects;

/**
 * The PCI Express memory-mapped configuration table (PCI Firmware Specification 3.2, section 4.1.2):
 * the header, 8 reserved bytes, then one 16-byte allocation per segment group.
 */
public record Mcfg(OemIds oem, List<Allocation> allocations) implements SystemDescriptionTable {

    /** One ECAM window: base address, PCI segment group, first and last bus. */
    public record Allocation(long baseAddress, int segment, int startBus, int endBus) {
        public Allocation {
            if (segment < 0 || segment > 0xFFFF || startBus < 0 || endBus > 0xFF || startBus > endBus) {
                throw new IllegalArgumentException("bad MCFG allocation: segment " + segment + ", buses "
                        + startBus + ".." + endBus);
            }
        }
    }

    public Mcfg {
        Objects.requireNonNull(oem, "oem");
        allocations = List.copyOf(allocations);
    }

    @Override
    public String signature() {
        return "MCFG";
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("MCFG", 1, oem);
        out.u64(0);
        for (Allocation a : allocations) {
            out.u64(a.baseAddress()).u16(a.segment()).u8(a.startBus()).u8(a.endBus()).u32(0);
        }
        return TableHeader.finish(out);
    }
}
