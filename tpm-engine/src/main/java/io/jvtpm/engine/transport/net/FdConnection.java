package io.jvtpm.engine.transport.net;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Connection} on a raw file descriptor: an accepted unix-socket client, or the data
 * socket a peer handed over with SCM_RIGHTS. Reads use recvmsg(2) so that a descriptor sent
 * along (cmsg(3)) is received; writes use send(2) with MSG_NOSIGNAL.
 */
public final class FdConnection implements Connection {
    private static final int POLL_SLICE_MILLIS = 200;
    private static final int MAX_CHUNK = 64 * 1024;

    private final int fd;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object writeLock = new Object();
    private final Memory msghdr = new Memory(LibC.MSGHDR_SIZE);
    private final Memory iov = new Memory(16);
    private final Memory control = new Memory(LibC.CMSG_SPACE_INT);
    private final Memory pollfd = new Memory(8);
    private Memory readBuf = new Memory(4096);
    private Memory writeBuf = new Memory(4096);
    private boolean socket = true;
    private int receivedFd = -1;

    /** Takes ownership of {@code fd}. */
    public FdConnection(int fd, String name) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid file descriptor " + fd);
        }
        this.fd = fd;
        this.name = name;
    }

    /** Connects a new unix stream socket to {@code path}. */
    public static FdConnection connectUnix(Path path) throws IOException {
        LibC.Api c = LibC.api();
        Memory addr = LibC.sockaddrUn(path);
        int s = c.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new IOException(LibC.error("socket"));
        }
        if (c.connect(s, addr, LibC.SOCKADDR_UN_SIZE) != 0) {
            String msg = LibC.error("connect " + path);
            c.close(s);
            throw new IOException(msg);
        }
        return new FdConnection(s, "unix:" + path);
    }

    /** The descriptor (still owned by this connection). */
    public int fd() {
        return fd;
    }

    @Override
    public synchronized int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) {
            return 0;
        }
        ReadDeadline deadline = ReadDeadline.after(timeoutMillis);
        while (true) {
            if (closed.get()) {
                return EOF;
            }
            int slice = deadline.nextSlice(POLL_SLICE_MILLIS);
            if (slice == 0) {
                return 0;
            }
            if (LibC.pollIn(fd, slice, pollfd)) {
                break;
            }
        }
        int want = Math.min(len, MAX_CHUNK);
        if (readBuf.size() < want) {
            readBuf = new Memory(want);
        }
        long n;
        while (true) {
            n = socket ? recvmsg(want) : LibC.api().read(fd, readBuf, want);
            if (n >= 0) {
                break;
            }
            if (retryAfter(LibC.errno())) {
                continue;
            }
            if (closed.get()) {
                return EOF;
            }
            throw new IOException(LibC.error(socket ? "recvmsg" : "read"));
        }
        if (n == 0) {
            return EOF;
        }
        readBuf.read(0, buf, off, (int) n);
        return (int) n;
    }

    private long recvmsg(int want) {
        iov.setPointer(0, readBuf);
        iov.setLong(8, want);
        msghdr.clear();
        msghdr.setPointer(LibC.MSG_IOV, iov);
        msghdr.setLong(LibC.MSG_IOVLEN, 1);
        control.clear();
        msghdr.setPointer(LibC.MSG_CONTROL, control);
        msghdr.setLong(LibC.MSG_CONTROLLEN, LibC.CMSG_SPACE_INT);
        long n = LibC.api().recvmsg(fd, msghdr, LibC.MSG_CMSG_CLOEXEC);
        if (n >= 0) {
            long controlLen = msghdr.getLong(LibC.MSG_CONTROLLEN);
            if (controlLen >= LibC.CMSG_LEN_INT
                    && control.getLong(0) >= LibC.CMSG_LEN_INT
                    && control.getInt(8) == LibC.SOL_SOCKET
                    && control.getInt(12) == LibC.SCM_RIGHTS) {
                int count = (int) ((Math.min(control.getLong(0), controlLen) - LibC.CMSG_DATA) / 4);
                int passed = control.getInt(LibC.CMSG_DATA);
                for (int i = 1; i < count; i++) {
                    // only one descriptor is ever expected; more would leak
                    LibC.closeQuietly(control.getInt(LibC.CMSG_DATA + 4L * i));
                }
                if (receivedFd >= 0) {
                    LibC.closeQuietly(receivedFd);
                }
                receivedFd = passed;
            }
        }
        return n;
    }

    /**
     * Sends {@code data} with {@code fdToPass} attached as SCM_RIGHTS ancillary data (the way
     * QEMU hands swtpm its data socket with CMD_SET_DATAFD); the caller keeps its copy of the fd.
     */
    public void sendWithFd(byte[] data, int fdToPass) throws IOException {
        synchronized (writeLock) {
            Memory payload = new Memory(Math.max(1, data.length));
            payload.write(0, data, 0, data.length);
            Memory v = new Memory(16);
            v.setPointer(0, payload);
            v.setLong(8, data.length);
            Memory ctl = new Memory(LibC.CMSG_SPACE_INT);
            ctl.clear();
            ctl.setLong(0, LibC.CMSG_LEN_INT);
            ctl.setInt(8, LibC.SOL_SOCKET);
            ctl.setInt(12, LibC.SCM_RIGHTS);
            ctl.setInt(LibC.CMSG_DATA, fdToPass);
            Memory hdr = new Memory(LibC.MSGHDR_SIZE);
            hdr.clear();
            hdr.setPointer(LibC.MSG_IOV, v);
            hdr.setLong(LibC.MSG_IOVLEN, 1);
            hdr.setPointer(LibC.MSG_CONTROL, ctl);
            hdr.setLong(LibC.MSG_CONTROLLEN, LibC.CMSG_SPACE_INT);
            long n;
            do {
                n = LibC.api().sendmsg(fd, hdr, LibC.MSG_NOSIGNAL);
            } while (n < 0 && LibC.errno() == LibC.EINTR);
            java.lang.ref.Reference.reachabilityFence(payload);
            java.lang.ref.Reference.reachabilityFence(v);
            java.lang.ref.Reference.reachabilityFence(ctl);
            if (n < 0) {
                throw new IOException(LibC.error("sendmsg"));
            }
            if (n < data.length) {
                writeRaw(data, (int) n, data.length - (int) n);
            }
        }
    }

    /** A connected pair of unix stream sockets (socketpair(2)), both ends as connections. */
    public static FdConnection[] socketPair() throws IOException {
        int[] sv = new int[2];
        if (LibC.api().socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, sv) != 0) {
            throw new IOException(LibC.error("socketpair"));
        }
        return new FdConnection[] {new FdConnection(sv[0], "socketpair:" + sv[0]),
            new FdConnection(sv[1], "socketpair:" + sv[1])};
    }

    @Override
    public synchronized OptionalInt takeReceivedFd() {
        int f = receivedFd;
        receivedFd = -1;
        return f >= 0 ? OptionalInt.of(f) : OptionalInt.empty();
    }

    @Override
    public int available() {
        IntByReference n = new IntByReference();
        return LibC.api().ioctl(fd, LibC.FIONREAD, n) == 0 ? Math.max(0, n.getValue()) : 0;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        synchronized (writeLock) {
            writeRaw(buf, off, len);
        }
    }

    private void writeRaw(byte[] buf, int off, int len) throws IOException {
        if (writeBuf.size() < len) {
            writeBuf = new Memory(Math.max(len, 4096));
        }
        writeBuf.write(0, buf, off, len);
        long done = 0;
        while (done < len) {
            if (closed.get()) {
                throw new IOException("connection closed: " + name);
            }
            Pointer p = writeBuf.share(done);
            long n = socket ? LibC.api().send(fd, p, len - done, LibC.MSG_NOSIGNAL)
                    : LibC.api().write(fd, p, len - done);
            if (n < 0) {
                if (retryAfter(LibC.errno())) {
                    continue;
                }
                throw new IOException(LibC.error(socket ? "send" : "write"));
            }
            done += n;
        }
    }

    /**
     * Whether a failed read or write is tried again after {@code errno}: an interrupted or
     * would-block call is, and ENOTSOCK once, switching to plain read(2)/write(2) for an fd that
     * is not a socket (a pipe or a file handed over).
     */
    private boolean retryAfter(int errno) {
        if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
            return true;
        }
        if (errno == LibC.ENOTSOCK && socket) {
            socket = false;
            return true;
        }
        return false;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // no shutdown(2): it would end the socket for every process holding a duplicate
            // (a descriptor just passed with SCM_RIGHTS); a reader notices the flag within a poll slice
            LibC.api().close(fd);
            int f;
            synchronized (this) {
                f = receivedFd;
                receivedFd = -1;
            }
            LibC.closeQuietly(f);
        }
    }
}
