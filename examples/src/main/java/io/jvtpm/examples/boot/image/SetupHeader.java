package io.jvtpm.examples.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The real-mode kernel header of a bzImage, at file offset 0x1F1 (Linux x86 boot protocol,
 * Documentation/arch/x86/boot.rst, "The real-mode kernel header"; struct setup_header in
 * arch/x86/include/uapi/asm/bootparam.h). Only the fields a 64-bit loader reads are kept.
 *
 * @param setupSects        number of 512-byte setup sectors (0 means 4)
 * @param bootFlag          0xAA55 in a valid image
 * @param headerMagic       "HdrS" (0x53726448) in a valid image
 * @param version           boot protocol version, major in the high byte
 * @param loadFlags         LOADED_HIGH and friends
 * @param code32Start       default 32-bit entry / protected-mode load address
 * @param initrdAddrMax     highest address the initrd may end at (inclusive)
 * @param kernelAlignment   physical alignment a relocatable kernel needs
 * @param relocatable       whether the kernel may be loaded at another aligned address
 * @param xloadFlags        XLF_KERNEL_64 and friends (protocol 2.12)
 * @param cmdlineSize       largest command line, without its NUL
 * @param prefAddress       preferred load address (protocol 2.10)
 * @param initSize          memory the kernel needs from its load address before it relocates
 * @param headerEnd         file offset just past the header: 0x202 plus the byte at 0x201
 */
public record SetupHeader(
        int setupSects,
        int bootFlag,
        int headerMagic,
        int version,
        int loadFlags,
        long code32Start,
        long initrdAddrMax,
        long kernelAlignment,
        boolean relocatable,
        int xloadFlags,
        long cmdlineSize,
        long prefAddress,
        long initSize,
        int headerEnd) {

    /** File offset of the header. */
    public static final int OFFSET = 0x1F1;
    /** The "HdrS" signature at 0x202, read little-endian. */
    public static final int MAGIC_HDRS = 0x53726448;
    /** The boot sector flag at 0x1FE. */
    public static final int BOOT_FLAG = 0xAA55;

    public static final int OFF_SETUP_SECTS = 0x1F1;
    public static final int OFF_VID_MODE = 0x1FA;
    public static final int OFF_BOOT_FLAG = 0x1FE;
    public static final int OFF_JUMP = 0x200;
    public static final int OFF_HEADER = 0x202;
    public static final int OFF_VERSION = 0x206;
    public static final int OFF_TYPE_OF_LOADER = 0x210;
    public static final int OFF_LOADFLAGS = 0x211;
    public static final int OFF_CODE32_START = 0x214;
    public static final int OFF_RAMDISK_IMAGE = 0x218;
    public static final int OFF_RAMDISK_SIZE = 0x21C;
    public static final int OFF_HEAP_END_PTR = 0x224;
    public static final int OFF_CMD_LINE_PTR = 0x228;
    public static final int OFF_INITRD_ADDR_MAX = 0x22C;
    public static final int OFF_KERNEL_ALIGNMENT = 0x230;
    public static final int OFF_RELOCATABLE = 0x234;
    public static final int OFF_XLOADFLAGS = 0x236;
    public static final int OFF_CMDLINE_SIZE = 0x238;
    public static final int OFF_HARDWARE_SUBARCH = 0x23C;
    public static final int OFF_SETUP_DATA = 0x250;
    public static final int OFF_PREF_ADDRESS = 0x258;
    public static final int OFF_INIT_SIZE = 0x260;
    /** The last field this class reads ends here (init_size, protocol 2.10). */
    public static final int MIN_END = 0x264;

    /** loadflags: the protected-mode code is loaded at 0x100000. */
    public static final int LOADED_HIGH = 0x01;
    /** loadflags: heap_end_ptr is valid. */
    public static final int CAN_USE_HEAP = 0x80;
    /** xloadflags: the kernel has the 64-bit entry point at load address + 0x200. */
    public static final int XLF_KERNEL_64 = 0x01;
    /** xloadflags: kernel, boot_params, command line and initrd may sit above 4 GiB. */
    public static final int XLF_CAN_BE_LOADED_ABOVE_4G = 0x02;

    /** Reads the header from a whole image (little-endian); the caller checked the length. */
    static SetupHeader read(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        return new SetupHeader(
                Byte.toUnsignedInt(b.get(OFF_SETUP_SECTS)),
                Short.toUnsignedInt(b.getShort(OFF_BOOT_FLAG)),
                b.getInt(OFF_HEADER),
                Short.toUnsignedInt(b.getShort(OFF_VERSION)),
                Byte.toUnsignedInt(b.get(OFF_LOADFLAGS)),
                Integer.toUnsignedLong(b.getInt(OFF_CODE32_START)),
                Integer.toUnsignedLong(b.getInt(OFF_INITRD_ADDR_MAX)),
                Integer.toUnsignedLong(b.getInt(OFF_KERNEL_ALIGNMENT)),
                b.get(OFF_RELOCATABLE) != 0,
                Short.toUnsignedInt(b.getShort(OFF_XLOADFLAGS)),
                Integer.toUnsignedLong(b.getInt(OFF_CMDLINE_SIZE)),
                b.getLong(OFF_PREF_ADDRESS),
                Integer.toUnsignedLong(b.getInt(OFF_INIT_SIZE)),
                OFF_HEADER + Byte.toUnsignedInt(b.get(OFF_JUMP + 1)));
    }

    /** Setup sectors as the loader counts them: a 0 in the file means 4. */
    public int effectiveSetupSects() {
        return setupSects == 0 ? 4 : setupSects;
    }

    /** File offset of the protected-mode kernel: after the boot sector and the setup sectors. */
    public int protectedModeOffset() {
        return (effectiveSetupSects() + 1) * 512;
    }

    /** Protocol version as "major.minor". */
    public String versionString() {
        return (version >>> 8) + "." + (version & 0xFF);
    }

    public boolean has64BitEntry() {
        return (xloadFlags & XLF_KERNEL_64) != 0;
    }

    public boolean canBeLoadedAbove4G() {
        return (xloadFlags & XLF_CAN_BE_LOADED_ABOVE_4G) != 0;
    }
}
