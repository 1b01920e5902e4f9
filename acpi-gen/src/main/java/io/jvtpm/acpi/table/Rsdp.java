package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * The Root System Description Pointer, revision 2 (ACPI 6.5 section 5.2.5.3): 36 bytes,
 * "RSD PTR ", checksum over the first 20 bytes, OEM ID, revision 2, RSDT address, length,
 * XSDT address, extended checksum over all 36 bytes. The OS looks for it on a 16-byte boundary
 * in 0xE0000-0xFFFFF (or is told where it is).
 */
public record Rsdp(String oemId, long rsdtAddress, long xsdtAddress) {

    /** Size in bytes. */
    public static final int SIZE = 36;

    public Rsdp {
        if (oemId.length() > 6) {
            throw new IllegalArgumentException("OEM ID has at most 6 characters: '" + oemId + "'");
        }
        if (rsdtAddress < 0 || rsdtAddress > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RSDT address does not fit 32 bits");
        }
    }

    /** An RSDP with only an XSDT (RSDT address 0). */
    public static Rsdp ofXsdt(OemIds oem, long xsdtAddress) {
        return new Rsdp(oem.oemId(), 0, xsdtAddress);
    }

    /** The 36 bytes, both checksums filled in. */
    public byte[] toBytes() {
        AmlSink out = new AmlSink(SIZE);
        out.ascii("RSD PTR ", 8, ' ');
        out.u8(0);
        out.ascii(oemId, 6, ' ');
        out.u8(2);
        out.u32(rsdtAddress);
        out.u32(SIZE);
        out.u64(xsdtAddress);
        out.u8(0);
        out.u8(0).u8(0).u8(0);
        byte[] b = out.toByteArray();
        Checksum.fix(b, 0, 20, 8);
        Checksum.fix(b, 0, SIZE, 32);
        return b;
    }
}
