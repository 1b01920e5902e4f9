package io.jvtpm.kvm;

import io.jvtpm.kvm.sys.LibC;

/** A failed KVM or libc call (linux/kvm.h ioctls and the syscalls around them), naming it and its errno. */
public final class KvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    /** A failure of {@code call} with {@code errno} (strerror is looked up). */
    public KvmException(String call, int errno) {
        super(call + " failed: " + LibC.describe(errno) + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** A failure of {@code call} that has no errno. */
    public KvmException(String call, String problem) {
        super(call + ": " + problem);
        this.call = call;
        this.errno = 0;
    }

    /** The ioctl or function that failed, e.g. "KVM_CREATE_VM". */
    public String call() {
        return call;
    }

    /** The errno it returned, or 0 when the failure had none. */
    public int errno() {
        return errno;
    }
}
