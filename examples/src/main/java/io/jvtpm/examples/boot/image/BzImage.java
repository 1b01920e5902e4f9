package io.jvtpm.examples.boot.image;

import io.jvtpm.examples.boot.BootException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Linux bzImage checked against the x86 boot protocol (Documentation/arch/x86/boot.rst): the
 * boot sector, the setup header at 0x1F1 and the protected-mode kernel that follows the setup
 * sectors. jvtpm enters the kernel at its 64-bit entry, so it accepts protocol 2.12 or later
 * with XLF_KERNEL_64 and LOADED_HIGH.
 */
public final class BzImage {

    /** The oldest protocol with xloadflags, which says whether the 64-bit entry exists. */
    public static final int MIN_VERSION = 0x020C;

    private final String name;
    private final byte[] image;
    private final SetupHeader header;

    private BzImage(String name, byte[] image, SetupHeader header) {
        this.name = name;
        this.image = image;
        this.header = header;
    }

    /** Reads and checks a bzImage file; a missing file or one that is not a bzImage gives a one-line error. */
    public static BzImage load(Path file) throws BootException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BootException("kernel " + file + " does not exist");
        } catch (IOException e) {
            throw new BootException("cannot read kernel " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes);
    }

    /** Checks an image already in memory; {@code name} is used in error messages. */
    public static BzImage parse(String name, byte[] bytes) throws BootException {
        String what = name + " is not a bzImage: ";
        if (bytes.length < SetupHeader.MIN_END) {
            throw new BootException(what + "only " + bytes.length + " bytes, too short for a setup header");
        }
        SetupHeader h = SetupHeader.read(bytes);
        if (h.bootFlag() != SetupHeader.BOOT_FLAG) {
            throw new BootException(what + String.format("boot_flag is 0x%04x, not 0xaa55", h.bootFlag()));
        }
        if (h.headerMagic() != SetupHeader.MAGIC_HDRS) {
            throw new BootException(what + "no \"HdrS\" signature at 0x202 (a kernel older than boot protocol 2.00?)");
        }
        if (h.version() < MIN_VERSION) {
            throw new BootException(name + " uses boot protocol " + h.versionString()
                    + "; jvtpm needs 2.12 or later (64-bit entry point)");
        }
        if ((h.loadFlags() & SetupHeader.LOADED_HIGH) == 0) {
            throw new BootException(what + "loadflags lack LOADED_HIGH (a zImage loaded at 0x10000?)");
        }
        if (!h.has64BitEntry()) {
            throw new BootException(name + " has no 64-bit entry point (xloadflags lack XLF_KERNEL_64): a 32-bit kernel");
        }
        if (h.protectedModeOffset() >= bytes.length) {
            throw new BootException(what + "setup_sects " + h.setupSects() + " reaches past the end of the file");
        }
        if (h.headerEnd() > h.protectedModeOffset() || h.headerEnd() < SetupHeader.MIN_END) {
            throw new BootException(what + String.format("header end 0x%x is outside the setup sectors", h.headerEnd()));
        }
        if (h.relocatable() && (h.kernelAlignment() == 0 || Long.bitCount(h.kernelAlignment()) != 1)) {
            throw new BootException(what + "kernel_alignment " + h.kernelAlignment() + " is not a power of two");
        }
        return new BzImage(name, bytes, h);
    }

    public String name() {
        return name;
    }

    public SetupHeader header() {
        return header;
    }

    /** The setup header bytes from 0x1F1 to its end (0x202 + byte at 0x201), to copy into the zero page. */
    public byte[] setupHeaderBytes() {
        return Arrays.copyOfRange(image, SetupHeader.OFFSET, header.headerEnd());
    }

    /** Length of the protected-mode kernel (what gets loaded at the load address). */
    public int protectedModeSize() {
        return image.length - header.protectedModeOffset();
    }

    /** A copy of the protected-mode kernel. */
    public byte[] protectedModeKernel() {
        return Arrays.copyOfRange(image, header.protectedModeOffset(), image.length);
    }

    /** A copy of the whole file, as it is measured. */
    public byte[] fileBytes() {
        return image.clone();
    }

    /** The file's bytes, not copied: for this package's readers, which do not change them. */
    byte[] image() {
        return image;
    }

    /** The memory the kernel needs from its load address: init_size, at least the image itself. */
    public long memoryFootprint() {
        return Math.max(header.initSize(), protectedModeSize());
    }
}
