package io.jvtpm.kvm.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.jvtpm.kvm.KvmException;

/** A file descriptor for /dev/kvm, a VM or a vCPU, with ioctl(2) calls that throw {@link KvmException}. */
public final class Fd implements AutoCloseable {
    private final int fd;
    private final String what;
    private volatile boolean closed;

    /** Wraps an open descriptor; {@code what} names it in errors. */
    public Fd(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /** Opens {@code path} read-write, close-on-exec. */
    public static Fd open(String path) {
        try {
            return new Fd(LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC), path);
        } catch (LastErrorException e) {
            throw new KvmException("open " + path, e.getErrorCode());
        }
    }

    /** The raw descriptor number. */
    public int fd() {
        return fd;
    }

    /** ioctl with an integer argument; returns the non-negative result. */
    public int ioctl(KvmIoctl request, long arg) {
        try {
            return LibC.ioctl(fd, request.request(), arg);
        } catch (LastErrorException e) {
            throw new KvmException("KVM_" + request.name() + " on " + what, e.getErrorCode());
        }
    }

    /** ioctl with a pointer argument; returns the non-negative result. */
    public int ioctl(KvmIoctl request, Pointer arg) {
        try {
            return LibC.ioctl(fd, request.request(), arg);
        } catch (LastErrorException e) {
            throw new KvmException("KVM_" + request.name() + " on " + what, e.getErrorCode());
        }
    }

    /** Maps {@code length} bytes of this descriptor shared and read-write. */
    public Pointer mmapShared(long length) {
        try {
            return LibC.mmap(null, length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        } catch (LastErrorException e) {
            throw new KvmException("mmap of " + what, e.getErrorCode());
        }
    }

    /** munmap(2) of a mapping that {@code what} names in the error. */
    public static void munmap(Pointer addr, long length, String what) {
        try {
            LibC.munmap(addr, length);
        } catch (LastErrorException e) {
            throw new KvmException("munmap of " + what, e.getErrorCode());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            throw new KvmException("close " + what, e.getErrorCode());
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + fd + ")";
    }
}
