package io.jvtpm.acpi.table;

import java.util.Arrays;

/** One table at its guest-physical address in an {@link AcpiImage} (ACPI 6.5 section 5.2). */
public record PlacedTable(String signature, long address, byte[] bytes) {
    public PlacedTable {
        bytes = bytes.clone();
    }

    /** A copy of the table's bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The table's length in bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlacedTable p && signature.equals(p.signature) && address == p.address
                && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * signature.hashCode() + Long.hashCode(address)) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return signature + "@0x" + Long.toHexString(address) + "[" + bytes.length + "]";
    }
}
