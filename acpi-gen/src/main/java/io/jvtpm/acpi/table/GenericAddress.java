package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * The 12-byte Generic Address Structure (ACPI 6.5 section 5.2.3.2): address space ID,
 * register bit width, bit offset, access size (0 undefined, 1 byte, 2 word, 3 dword, 4 qword),
 * 64-bit address.
 */
public record GenericAddress(int spaceId, int bitWidth, int bitOffset, int accessSize, long address) {

    /** Address space ID of system memory. */
    public static final int SYSTEM_MEMORY = 0;
    /** Address space ID of system I/O. */
    public static final int SYSTEM_IO = 1;

    /** The all-zero structure: "not supported". */
    public static final GenericAddress NONE = new GenericAddress(0, 0, 0, 0, 0);

    public GenericAddress {
        if (spaceId < 0 || spaceId > 0xFF || bitWidth < 0 || bitWidth > 0xFF || bitOffset < 0 || bitOffset > 0xFF
                || accessSize < 0 || accessSize > 4) {
            throw new IllegalArgumentException("bad generic address fields: " + spaceId + "/" + bitWidth + "/"
                    + bitOffset + "/" + accessSize);
        }
    }

    /** A register of {@code bitWidth} bits at I/O port {@code port} (access size undefined, as legacy PM blocks are). */
    public static GenericAddress systemIo(long port, int bitWidth) {
        return new GenericAddress(SYSTEM_IO, bitWidth, 0, 0, port);
    }

    /** A register of {@code bitWidth} bits at I/O port {@code port}, accessed as {@code accessSize}. */
    public static GenericAddress systemIo(long port, int bitWidth, int accessSize) {
        return new GenericAddress(SYSTEM_IO, bitWidth, 0, accessSize, port);
    }

    /** A register of {@code bitWidth} bits in memory at {@code address}, accessed as {@code accessSize}. */
    public static GenericAddress systemMemory(long address, int bitWidth, int accessSize) {
        return new GenericAddress(SYSTEM_MEMORY, bitWidth, 0, accessSize, address);
    }

    /** Appends the 12 bytes. */
    public void encode(AmlSink out) {
        out.u8(spaceId).u8(bitWidth).u8(bitOffset).u8(accessSize).u64(address);
    }
}
