package io.jvtpm.kvm.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc functions the bridge needs (open, ioctl, mmap, signals), bound with JNA direct
 * mapping ({@link Native#register}), which the ioctl benchmark shows is the cheapest JNA call path.
 * Constants are the x86-64 Linux values (asm-generic/fcntl.h, asm-generic/mman-common.h, signal.h).
 */
public final class LibC {
    /** O_RDWR. */
    public static final int O_RDWR = 2;
    /** O_CLOEXEC. */
    public static final int O_CLOEXEC = 0x80000;
    /** PROT_READ. */
    public static final int PROT_READ = 1;
    /** PROT_WRITE. */
    public static final int PROT_WRITE = 2;
    /** PROT_EXEC. */
    public static final int PROT_EXEC = 4;
    /** MAP_SHARED. */
    public static final int MAP_SHARED = 0x01;
    /** MAP_PRIVATE. */
    public static final int MAP_PRIVATE = 0x02;
    /** MAP_ANONYMOUS. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** MAP_NORESERVE. */
    public static final int MAP_NORESERVE = 0x4000;
    /** MAP_FAILED, (void *) -1. */
    public static final long MAP_FAILED = -1L;
    /** PRIO_PROCESS (sys/resource.h). */
    public static final int PRIO_PROCESS = 0;
    /** SIG_UNBLOCK for pthread_sigmask. */
    public static final int SIG_UNBLOCK = 1;
    /** EINTR. */
    public static final int EINTR = 4;
    /** EAGAIN. */
    public static final int EAGAIN = 11;
    /** FIOCLEX, _IO('T', 0x51) historically numbered 0x5451: a cheap ioctl every fd accepts. */
    public static final long FIOCLEX = 0x5451;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** open(2). */
    public static native int open(String path, int flags) throws LastErrorException;

    /** close(2). */
    public static native int close(int fd) throws LastErrorException;

    /** ioctl(2) with an integer argument. */
    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    /** ioctl(2) with a pointer argument. */
    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    /** mmap(2). */
    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    /** munmap(2). */
    public static native int munmap(Pointer addr, long length) throws LastErrorException;

    /** mprotect(2). */
    public static native int mprotect(Pointer addr, long length, int prot) throws LastErrorException;

    /** strerror(3). */
    public static native String strerror(int errnum);

    /** pthread_self(3). */
    public static native long pthread_self();

    /** pthread_kill(3); returns an error number instead of setting errno. */
    public static native int pthread_kill(long thread, int sig);

    /** pthread_sigmask(3); returns an error number instead of setting errno. */
    public static native int pthread_sigmask(int how, Pointer set, Pointer oldset);

    /** sigaction(2). */
    public static native int sigaction(int signum, Pointer act, Pointer oldact) throws LastErrorException;

    /** sigemptyset(3). */
    public static native int sigemptyset(Pointer set);

    /** sigaddset(3). */
    public static native int sigaddset(Pointer set, int signum);

    /** gettid(2) (glibc 2.30 and later): the calling thread's kernel id. */
    public static native int gettid();

    /** setpriority(2); with PRIO_PROCESS and a thread id, Linux sets that one thread's nice value. */
    public static native int setpriority(int which, int who, int prio) throws LastErrorException;

    /** glibc's SIGRTMIN (the first realtime signal it leaves to applications). */
    public static native int __libc_current_sigrtmin();

    /**
     * Lowers the calling thread's CPU priority to nice {@code nice} (Linux keeps a nice value per
     * thread), so that it runs on what the other threads leave; false when the system refused.
     */
    public static boolean niceCurrentThread(int nice) {
        try {
            setpriority(PRIO_PROCESS, gettid(), nice);
            return true;
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** The description of an errno value, e.g. "Invalid argument". */
    public static String describe(int errno) {
        String s = strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}
