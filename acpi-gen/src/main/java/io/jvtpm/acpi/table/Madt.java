package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Multiple APIC Description Table, revision 5 (ACPI 6.5 section 5.2.12): the
 * local APIC address, flags (bit 0 PCAT_COMPAT: dual 8259s present), then the interrupt
 * controller structures.
 */
public record Madt(OemIds oem, long localApicAddress, boolean pcatCompat, List<MadtEntry> entries)
        implements SystemDescriptionTable {

    /** The architectural local APIC base. */
    public static final long DEFAULT_LOCAL_APIC = 0xFEE00000L;
    /** The usual I/O APIC base. */
    public static final long DEFAULT_IO_APIC = 0xFEC00000L;

    public Madt {
        Objects.requireNonNull(oem, "oem");
        entries = List.copyOf(entries);
        if (localApicAddress < 0 || localApicAddress > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local APIC address is 32 bits");
        }
    }

    /**
     * The MADT of a PC guest as QEMU's i440FX describes it: {@code cpus} enabled local APICs
     * (UID = APIC ID = index), one I/O APIC (ID {@code cpus}, at 0xFEC00000, GSI base 0), ISA IRQ 0
     * routed to GSI 2, IRQs 5, 9, 10, 11 level/active high, and LINT1 as NMI on all processors.
     */
    public static Madt pcGuest(OemIds oem, int cpus) {
        if (cpus < 1 || cpus > 255) {
            throw new IllegalArgumentException("1..255 CPUs, not " + cpus);
        }
        List<MadtEntry> e = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            e.add(new MadtEntry.LocalApic(i, i, true, false));
        }
        e.add(new MadtEntry.IoApic(cpus, DEFAULT_IO_APIC, 0));
        e.add(new MadtEntry.InterruptSourceOverride(0, 2, MpsIntiFlags.CONFORMING));
        for (int irq : new int[] {5, 9, 10, 11}) {
            e.add(new MadtEntry.InterruptSourceOverride(irq, irq, MpsIntiFlags.LEVEL_HIGH));
        }
        e.add(new MadtEntry.LocalApicNmi(0xFF, MpsIntiFlags.CONFORMING, 1));
        return new Madt(oem, DEFAULT_LOCAL_APIC, true, e);
    }

    @Override
    public String signature() {
        return "APIC";
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("APIC", 5, oem);
        out.u32(localApicAddress);
        out.u32(pcatCompat ? 1 : 0);
        for (MadtEntry e : entries) {
            e.encode(out);
        }
        return TableHeader.finish(out);
    }
}
