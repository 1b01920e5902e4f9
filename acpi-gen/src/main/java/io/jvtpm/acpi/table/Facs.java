package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * The Firmware ACPI Control Structure, version 2 (ACPI 6.5 section 5.2.10): 64 bytes,
 * no checksum, 64-byte aligned in memory: "FACS", length, hardware signature, waking vectors,
 * global lock, flags, version, OSPM flags.
 */
public record Facs(long hardwareSignature, long firmwareWakingVector, long xFirmwareWakingVector, long flags) {

    /** Size in bytes. */
    public static final int SIZE = 64;
    /** Required alignment in memory. */
    public static final int ALIGNMENT = 64;

    /** A FACS for a guest with no S4BIOS and no waking vector yet. */
    public static Facs standard() {
        return new Facs(0, 0, 0, 0);
    }

    /** The 64 bytes. */
    public byte[] toBytes() {
        AmlSink out = new AmlSink(SIZE);
        out.ascii("FACS", 4, ' ');
        out.u32(SIZE);
        out.u32(hardwareSignature);
        out.u32(firmwareWakingVector);
        out.u32(0);
        out.u32(flags);
        out.u64(xFirmwareWakingVector);
        out.u8(2);
        out.u8(0).u8(0).u8(0);
        out.u32(0);
        out.bytes(new byte[24]);
        return out.toByteArray();
    }
}
