package io.jvtpm.examples.boot.layout;

/** One range of the e820 map, struct boot_e820_entry (bootparam.h): 64-bit base, 64-bit size, 32-bit type. */
public record E820Entry(long address, long size, E820Type type) {

    /** Bytes in boot_params' e820_table per entry. */
    public static final int BYTES = 20;

    public E820Entry {
        if (size <= 0) {
            throw new IllegalArgumentException("e820 range at 0x" + Long.toHexString(address) + " has size " + size);
        }
        if (address < 0 || address + size < address) {
            throw new IllegalArgumentException("e820 range 0x" + Long.toHexString(address) + "+" + size + " overflows");
        }
    }

    /** First address past the range. */
    public long end() {
        return address + size;
    }

    public boolean overlaps(E820Entry other) {
        return address < other.end() && other.address < end();
    }

    @Override
    public String toString() {
        return String.format("%016x-%016x %s", address, end() - 1, type);
    }
}
