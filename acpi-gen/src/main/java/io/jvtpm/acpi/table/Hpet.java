package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.Objects;

/**
 * The IA-PC HPET Description Table (IA-PC HPET specification 1.0a, section 3.2.4; 56 bytes):
 * Event Timer Block ID (the capabilities register's low 32 bits), base address as a Generic
 * Address Structure, HPET number, minimum clock tick in periodic mode, page protection.
 */
public record Hpet(OemIds oem, long eventTimerBlockId, long baseAddress, int hpetNumber, int minimumTick,
        int pageProtection) implements SystemDescriptionTable {

    public Hpet {
        Objects.requireNonNull(oem, "oem");
        if (eventTimerBlockId < 0 || eventTimerBlockId > 0xFFFF_FFFFL || hpetNumber < 0 || hpetNumber > 0xFF
                || minimumTick < 0 || minimumTick > 0xFFFF || pageProtection < 0 || pageProtection > 0xFF) {
            throw new IllegalArgumentException("HPET field out of range");
        }
    }

    /** QEMU's HPET: vendor 0x8086, 3 comparators, 64-bit, legacy-capable, at 0xFED00000. */
    public static Hpet pcGuest(OemIds oem) {
        return new Hpet(oem, 0x8086A201L, 0xFED00000L, 0, 0, 0);
    }

    @Override
    public String signature() {
        return "HPET";
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("HPET", 1, oem);
        out.u32(eventTimerBlockId);
        GenericAddress.systemMemory(baseAddress, 64, 0).encode(out);
        out.u8(hpetNumber);
        out.u16(minimumTick);
        out.u8(pageProtection);
        return TableHeader.finish(out);
    }
}
