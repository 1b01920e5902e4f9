package io.jvtpm.examples.boot.layout;

import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SetupHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The zero page, struct boot_params (arch/x86/include/uapi/asm/bootparam.h; Linux x86 boot
 * protocol, boot.rst "64-bit Boot Protocol" and "Details of Header Fields"): a 4 KiB page holding
 * the kernel's setup header with the loader's fields filled in, the e820 map and the RSDP address.
 */
public final class BootParams {

    public static final int SIZE = 4096;
    public static final int OFF_ACPI_RSDP_ADDR = 0x070;
    public static final int OFF_EXT_RAMDISK_IMAGE = 0x0C0;
    public static final int OFF_EXT_RAMDISK_SIZE = 0x0C4;
    public static final int OFF_EXT_CMD_LINE_PTR = 0x0C8;
    public static final int OFF_E820_ENTRIES = 0x1E8;
    public static final int OFF_SENTINEL = 0x1EF;
    public static final int OFF_E820_TABLE = 0x2D0;
    /** type_of_loader: "undefined" boot loader, boot.rst assigned IDs. */
    public static final int LOADER_UNDEFINED = 0xFF;
    /** heap_end_ptr the protocol suggests: the end of the setup heap less 0x200. */
    public static final int HEAP_END = 0xFE00;
    /** acpi_rsdp_addr is read from protocol 2.14 on. */
    public static final int VERSION_ACPI_RSDP = 0x020E;

    private BootParams() {
    }

    /**
     * Builds the zero page for {@code kernel} placed by {@code layout}, with the RSDP at
     * {@code rsdpAddress} (0 for none).
     */
    public static byte[] build(BzImage kernel, GuestMemoryLayout layout, long rsdpAddress) {
        byte[] page = new byte[SIZE];
        byte[] hdr = kernel.setupHeaderBytes();
        System.arraycopy(hdr, 0, page, SetupHeader.OFFSET, hdr.length);
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);

        b.put(OFF_SENTINEL, (byte) 0);
        b.put(SetupHeader.OFF_TYPE_OF_LOADER, (byte) LOADER_UNDEFINED);
        int loadFlags = kernel.header().loadFlags() | SetupHeader.CAN_USE_HEAP;
        b.put(SetupHeader.OFF_LOADFLAGS, (byte) loadFlags);
        b.putShort(SetupHeader.OFF_HEAP_END_PTR, (short) HEAP_END);
        b.putInt(SetupHeader.OFF_CODE32_START, (int) layout.kernelAddress());
        b.putInt(SetupHeader.OFF_HARDWARE_SUBARCH, 0);
        b.putLong(SetupHeader.OFF_SETUP_DATA, 0);

        b.putInt(SetupHeader.OFF_CMD_LINE_PTR, (int) layout.cmdlineAddress());
        b.putInt(OFF_EXT_CMD_LINE_PTR, (int) (layout.cmdlineAddress() >>> 32));
        b.putInt(SetupHeader.OFF_RAMDISK_IMAGE, (int) layout.initrdAddress());
        b.putInt(OFF_EXT_RAMDISK_IMAGE, (int) (layout.initrdAddress() >>> 32));
        b.putInt(SetupHeader.OFF_RAMDISK_SIZE, (int) layout.initrdSize());
        b.putInt(OFF_EXT_RAMDISK_SIZE, (int) (layout.initrdSize() >>> 32));

        if (kernel.header().version() >= VERSION_ACPI_RSDP) {
            b.putLong(OFF_ACPI_RSDP_ADDR, rsdpAddress);
        }

        var entries = layout.e820().entries();
        b.put(OFF_E820_ENTRIES, (byte) entries.size());
        int off = OFF_E820_TABLE;
        for (E820Entry e : entries) {
            b.putLong(off, e.address());
            b.putLong(off + 8, e.size());
            b.putInt(off + 16, e.type().code());
            off += E820Entry.BYTES;
        }
        return page;
    }
}
