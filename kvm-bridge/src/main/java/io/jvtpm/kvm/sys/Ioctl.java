package io.jvtpm.kvm.sys;

/**
 * ioctl request numbers as the kernel's asm-generic/ioctl.h composes them (_IO, _IOR, _IOW, _IOWR):
 * {@code dir << 30 | size << 16 | type << 8 | nr}, with dir NONE = 0, WRITE = 1, READ = 2 (x86-64).
 */
public final class Ioctl {
    /** Bits of the command number. */
    public static final int NR_BITS = 8;
    /** Bits of the type ("magic") field. */
    public static final int TYPE_BITS = 8;
    /** Bits of the argument size field. */
    public static final int SIZE_BITS = 14;
    /** Bit position of the command number. */
    public static final int NR_SHIFT = 0;
    /** Bit position of the type field. */
    public static final int TYPE_SHIFT = NR_SHIFT + NR_BITS;
    /** Bit position of the size field. */
    public static final int SIZE_SHIFT = TYPE_SHIFT + TYPE_BITS;
    /** Bit position of the direction field. */
    public static final int DIR_SHIFT = SIZE_SHIFT + SIZE_BITS;
    /** _IOC_NONE: no data transfer. */
    public static final int DIR_NONE = 0;
    /** _IOC_WRITE: user space writes, the kernel reads the argument. */
    public static final int DIR_WRITE = 1;
    /** _IOC_READ: the kernel writes the argument. */
    public static final int DIR_READ = 2;

    private Ioctl() {
    }

    /** _IOC(dir, type, nr, size). */
    public static long ioc(int dir, int type, int nr, int size) {
        if (size < 0 || size >= 1 << SIZE_BITS) {
            throw new IllegalArgumentException("ioctl argument size " + size + " does not fit " + SIZE_BITS + " bits");
        }
        if ((type & ~0xff) != 0 || (nr & ~0xff) != 0) {
            throw new IllegalArgumentException("ioctl type/nr must be one byte each");
        }
        return ((long) dir << DIR_SHIFT) | ((long) size << SIZE_SHIFT) | ((long) type << TYPE_SHIFT)
                | ((long) nr << NR_SHIFT);
    }

    /** _IO(type, nr): no argument structure. */
    public static long io(int type, int nr) {
        return ioc(DIR_NONE, type, nr, 0);
    }

    /** _IOR(type, nr, T): the kernel fills a T of {@code size} bytes. */
    public static long ior(int type, int nr, int size) {
        return ioc(DIR_READ, type, nr, size);
    }

    /** _IOW(type, nr, T): the kernel reads a T of {@code size} bytes. */
    public static long iow(int type, int nr, int size) {
        return ioc(DIR_WRITE, type, nr, size);
    }

    /** _IOWR(type, nr, T): both directions. */
    public static long iowr(int type, int nr, int size) {
        return ioc(DIR_READ | DIR_WRITE, type, nr, size);
    }
}
