package io.jvtpm.kvm.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.sys.Fd;
import io.jvtpm.kvm.sys.KvmIoctl;
import io.jvtpm.kvm.sys.LibC;
import io.jvtpm.kvm.sys.RunIoctl;
import java.util.Locale;

/**
 * The cost of one cheap ioctl(2) through three Java-to-native paths, side by side in one run: JNA interface
 * mapping, JNA direct mapping (with and without errno capture), jnr-ffi, and {@link RunIoctl} (jnr-ffi with
 * errno, the bridge's KVM_RUN path). The ioctl is FIOCLEX on /dev/null (accepted
 * by every fd); where /dev/kvm exists, KVM_GET_API_VERSION too. Prints ns per call (best of several rounds).
 */
public final class IoctlBench {
    /** JNA interface mapping. */
    public interface JnaLibC extends Library {
        /** ioctl(2). */
        int ioctl(int fd, long request, long arg);
    }

    /** jnr-ffi mapping. */
    public interface JnrLibC {
        /** ioctl(2). */
        int ioctl(int fd, long request, long arg);
    }

    /** JNA direct mapping without errno capture (errno read with Native.getLastError only on failure). */
    static final class DirectNoErrno {
        static {
            Native.register(DirectNoErrno.class, Platform.C_LIBRARY_NAME);
        }

        static native int ioctl(int fd, long request, long arg);
    }

    private static final int ROUNDS = 7;
    private static final int CALLS = 200_000;

    private IoctlBench() {
    }

    @FunctionalInterface
    interface Call {
        int ioctl(int fd, long request);
    }

    public static void main(String[] args) {
        JnaLibC jna = Native.load(Platform.C_LIBRARY_NAME, JnaLibC.class);
        JnrLibC ffi = jnr.ffi.LibraryLoader.create(JnrLibC.class).load("c");
        Call[] calls = {(fd, r) -> jna.ioctl(fd, r, 0L), (fd, r) -> LibC.ioctl(fd, r, 0L),
            (fd, r) -> DirectNoErrno.ioctl(fd, r, 0L), (fd, r) -> ffi.ioctl(fd, r, 0L),
            (fd, r) -> RunIoctl.ioctl(fd, r, 0L)};
        String[] names = {"JNA interface mapping", "JNA direct (LastErrorException)",
            "JNA direct (plain int)", "jnr-ffi", "RunIoctl (jnr-ffi + errno)"};
        try (Fd devNull = Fd.open("/dev/null")) {
            report("ioctl(/dev/null, FIOCLEX)", devNull.fd(), LibC.FIOCLEX, calls, names);
        }
        if (Kvm.available()) {
            try (Fd kvm = Fd.open(Kvm.DEVICE)) {
                report("ioctl(/dev/kvm, KVM_GET_API_VERSION)", kvm.fd(), KvmIoctl.GET_API_VERSION.request(), calls,
                        names);
            }
        } else {
            System.out.println("no /dev/kvm: KVM_GET_API_VERSION not measured");
        }
    }

    private static void report(String what, int fd, long request, Call[] calls, String[] names) {
        double[] best = new double[calls.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < calls.length; i++) {
                best[i] = Math.min(best[i], time(calls[i], fd, request));
            }
        }
        System.out.println(what + ":");
        for (int i = 0; i < calls.length; i++) {
            System.out.printf(Locale.ROOT, "  %-34s %8.1f ns/call%n", names[i], best[i]);
        }
    }

    private static double time(Call c, int fd, long request) {
        int sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            sink += c.ioctl(fd, request);
        }
        long t1 = System.nanoTime();
        if (sink == Integer.MIN_VALUE) {
            System.out.println();
        }
        return (t1 - t0) / (double) CALLS;
    }
}
