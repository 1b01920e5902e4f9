package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * One Interrupt Controller Structure of the MADT (ACPI 6.5 section 5.2.12, Interrupt Controller Structure types):
 * Processor Local APIC (0), I/O APIC (1), Interrupt Source Override (2), Local APIC NMI (4).
 */
public sealed interface MadtEntry {

    /** Appends the structure (type, length, fields). */
    void encode(AmlSink out);

    /** Processor Local APIC (type 0, 8 bytes; section 5.2.12.2): flags bit 0 Enabled, bit 1 Online Capable. */
    record LocalApic(int processorUid, int apicId, boolean enabled, boolean onlineCapable) implements MadtEntry {
        public LocalApic {
            checkU8("ACPI processor UID", processorUid);
            checkU8("APIC ID", apicId);
        }

        @Override
        public void encode(AmlSink out) {
            out.u8(0).u8(8).u8(processorUid).u8(apicId).u32((enabled ? 1 : 0) | (onlineCapable ? 2 : 0));
        }
    }

    /** I/O APIC (type 1, 12 bytes; section 5.2.12.3). */
    record IoApic(int ioApicId, long address, long gsiBase) implements MadtEntry {
        public IoApic {
            checkU8("I/O APIC ID", ioApicId);
            if (address < 0 || address > 0xFFFF_FFFFL || gsiBase < 0 || gsiBase > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("I/O APIC address and GSI base are 32 bits");
            }
        }

        @Override
        public void encode(AmlSink out) {
            out.u8(1).u8(12).u8(ioApicId).u8(0).u32(address).u32(gsiBase);
        }
    }

    /** Interrupt Source Override (type 2, 10 bytes; section 5.2.12.5): ISA IRQ {@code source} is GSI {@code gsi}. */
    record InterruptSourceOverride(int source, long gsi, MpsIntiFlags flags) implements MadtEntry {
        public InterruptSourceOverride {
            checkU8("source IRQ", source);
            if (gsi < 0 || gsi > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("GSI is 32 bits");
            }
            java.util.Objects.requireNonNull(flags, "flags");
        }

        @Override
        public void encode(AmlSink out) {
            out.u8(2).u8(10).u8(0).u8(source).u32(gsi).u16(flags.bits());
        }
    }

    /** Local APIC NMI (type 4, 6 bytes; section 5.2.12.7): processor UID 0xFF means all processors. */
    record LocalApicNmi(int processorUid, MpsIntiFlags flags, int lint) implements MadtEntry {
        public LocalApicNmi {
            checkU8("ACPI processor UID", processorUid);
            java.util.Objects.requireNonNull(flags, "flags");
            if (lint != 0 && lint != 1) {
                throw new IllegalArgumentException("Local APIC LINT# is 0 or 1");
            }
        }

        @Override
        public void encode(AmlSink out) {
            out.u8(4).u8(6).u8(processorUid).u16(flags.bits()).u8(lint);
        }
    }

    private static void checkU8(String what, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + " does not fit 8 bits: " + v);
        }
    }
}
