package io.jvtpm.engine.transport.net;

import com.sun.jna.Memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A unix-domain stream {@link Listener} through libc (socket(2), bind(2), listen(2), accept4(2)),
 * so that accepted clients are {@link FdConnection}s able to receive SCM_RIGHTS descriptors.
 * A stale socket file at the path is replaced; the file is removed on close.
 */
public final class UnixListener implements Listener {
    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private UnixListener(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Binds and listens on {@code path}. */
    public static UnixListener bind(Path path) throws IOException {
        LibC.Api c = LibC.api();
        Memory addr;
        try {
            addr = LibC.sockaddrUn(path);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                throw new IOException("not a socket, refusing to replace: " + path);
            }
            Files.delete(path);
        }
        int s = c.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new IOException(LibC.error("socket"));
        }
        if (c.bind(s, addr, LibC.SOCKADDR_UN_SIZE) != 0 || c.listen(s, 8) != 0) {
            String msg = LibC.error("cannot listen on unix socket " + path);
            c.close(s);
            throw new IOException(msg);
        }
        return new UnixListener(s, path);
    }

    @Override
    public Connection accept(int timeoutMillis) throws IOException {
        if (closed) {
            throw new IOException("listener closed: " + path);
        }
        if (!LibC.pollIn(fd, timeoutMillis <= 0 ? -1 : timeoutMillis)) {
            return null;
        }
        int c = LibC.api().accept4(fd, null, null, LibC.SOCK_CLOEXEC);
        if (c < 0) {
            int e = LibC.errno();
            if (closed) {
                throw new IOException("listener closed: " + path);
            }
            if (e == LibC.EINTR || e == LibC.EAGAIN) {
                return null;
            }
            throw new IOException(LibC.error("accept " + path));
        }
        return new FdConnection(c, "unix:" + path);
    }

    @Override
    public String describe() {
        return "unix:" + path;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.api().shutdown(fd, LibC.SHUT_RDWR);
            LibC.api().close(fd);
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the socket file went away already
            }
        }
    }
}
