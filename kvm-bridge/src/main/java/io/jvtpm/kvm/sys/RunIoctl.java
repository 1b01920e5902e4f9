package io.jvtpm.kvm.sys;

import com.sun.jna.LastErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-path ioctl(2), used once per exit for KVM_RUN (linux/kvm.h). It goes through jnr-ffi, which
 * bench/kvm-ioctl.sh measured at about half the cost of a JNA call; where jnr-ffi cannot load, it falls back to
 * the JNA binding in {@link LibC}. Failures answer {@code -errno} instead of throwing.
 */
public final class RunIoctl {
    /** The jnr-ffi view of libc's ioctl. */
    public interface JnrLibC {
        /** ioctl(2) with an integer argument. */
        int ioctl(int fd, long request, long arg);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunIoctl.class);
    private static final JnrLibC JNR;
    private static final jnr.ffi.Runtime RUNTIME;

    static {
        JnrLibC lib = null;
        jnr.ffi.Runtime rt = null;
        try {
            lib = jnr.ffi.LibraryLoader.create(JnrLibC.class).load("c");
            rt = jnr.ffi.Runtime.getRuntime(lib);
        } catch (RuntimeException | LinkageError e) {
            LOG.info("jnr-ffi unavailable ({}); KVM_RUN goes through JNA", e.toString());
            lib = null;
        }
        JNR = lib;
        RUNTIME = rt;
    }

    private RunIoctl() {
    }

    /** ioctl(fd, request, arg): the non-negative result, or minus the errno. */
    public static int ioctl(int fd, long request, long arg) {
        if (JNR != null) {
            int r = JNR.ioctl(fd, request, arg);
            return r >= 0 ? r : -RUNTIME.getLastError();
        }
        try {
            return LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    /** True when calls go through jnr-ffi. */
    public static boolean usesJnr() {
        return JNR != null;
    }
}
