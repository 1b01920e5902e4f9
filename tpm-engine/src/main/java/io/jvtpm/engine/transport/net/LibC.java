package io.jvtpm.engine.transport.net;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The few libc socket calls the unix-socket transports need (socket(2), bind(2), accept4(2),
 * recvmsg(2) with SCM_RIGHTS per cmsg(3), ...), bound with JNA. Linux LP64 layouts only.
 */
final class LibC {

    /** The JNA binding; sizes are LP64 (size_t and ssize_t are Java longs). */
    public interface Api extends Library {
        int socket(int domain, int type, int protocol);

        int socketpair(int domain, int type, int protocol, int[] sv);

        int bind(int fd, Pointer addr, int addrLen);

        int connect(int fd, Pointer addr, int addrLen);

        int listen(int fd, int backlog);

        int accept4(int fd, Pointer addr, Pointer addrLen, int flags);

        int poll(Pointer fds, long nfds, int timeoutMillis);

        long recvmsg(int fd, Pointer msg, int flags);

        long sendmsg(int fd, Pointer msg, int flags);

        long send(int fd, Pointer buf, long len, int flags);

        long read(int fd, Pointer buf, long len);

        long write(int fd, Pointer buf, long len);

        int ioctl(int fd, long request, IntByReference arg);

        int shutdown(int fd, int how);

        int close(int fd);

        String strerror(int errnum);
    }

    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;
    public static final int SHUT_RDWR = 2;
    public static final long FIONREAD = 0x541B;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOTSOCK = 88;

    /** sizeof(struct sockaddr_un) and its sun_path. */
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SUN_PATH_MAX = 108;
    /** struct msghdr offsets on LP64. */
    static final int MSGHDR_SIZE = 56;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    /** CMSG_SPACE(sizeof(int)) and CMSG_LEN(sizeof(int)) on LP64; the data follows a 16-byte header. */
    static final int CMSG_SPACE_INT = 24;
    static final int CMSG_LEN_INT = 20;
    static final int CMSG_DATA = 16;

    private static volatile Api api;

    private LibC() {
    }

    /** The bound library; fails with a clear message off Linux/LP64. */
    public static Api api() {
        Api a = api;
        if (a == null) {
            synchronized (LibC.class) {
                a = api;
                if (a == null) {
                    if (!com.sun.jna.Platform.isLinux() || Native.LONG_SIZE != 8) {
                        throw new UnsupportedOperationException("unix sockets need 64-bit Linux");
                    }
                    a = Native.load("c", Api.class);
                    api = a;
                }
            }
        }
        return a;
    }

    /** errno of the last call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    /** "name: strerror(errno)" for an exception message. */
    static String error(String call) {
        int e = errno();
        return call + ": " + api().strerror(e) + " (errno " + e + ")";
    }

    /** A filled struct sockaddr_un for {@code path}. */
    static Memory sockaddrUn(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("unix socket path too long (" + p.length + " bytes, max "
                    + (SUN_PATH_MAX - 1) + "): " + path);
        }
        Memory m = new Memory(SOCKADDR_UN_SIZE);
        m.clear();
        m.setShort(0, (short) AF_UNIX);
        m.write(2, p, 0, p.length);
        return m;
    }

    /**
     * Waits until {@code fd} is readable (or hung up) for at most {@code timeoutMillis}
     * (negative: forever).
     *
     * @return true when readable or hung up, false on timeout
     */
    static boolean pollIn(int fd, int timeoutMillis) {
        return pollIn(fd, timeoutMillis, new Memory(8));
    }

    /** As {@link #pollIn(int, int)}, with a caller-owned 8-byte struct pollfd. */
    static boolean pollIn(int fd, int timeoutMillis, Memory pfd) {
        while (true) {
            pfd.setInt(0, fd);
            pfd.setShort(4, POLLIN);
            pfd.setShort(6, (short) 0);
            int r = api().poll(pfd, 1, timeoutMillis);
            if (r > 0) {
                return true;
            }
            if (r == 0) {
                return false;
            }
            if (errno() != EINTR) {
                return true;
            }
        }
    }

    /** Closes {@code fd}, ignoring errors (for descriptors nobody wants). */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            api().close(fd);
        }
    }
}
