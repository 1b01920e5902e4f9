package io.jvtpm.engine.transport.net;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * One accepted stream connection of a TPM transport (swtpm data/control channel, mssim sockets):
 * reads with a timeout, whole writes, and the file descriptor a unix peer may pass with
 * SCM_RIGHTS (cmsg(3), used by swtpm's CMD_SET_DATAFD).
 */
public interface Connection extends AutoCloseable {

    /** Marker returned by {@link #read} when the peer closed its side. */
    int EOF = -1;

    /**
     * Reads up to {@code len} bytes, waiting at most {@code timeoutMillis} (0 waits forever).
     *
     * @return the number of bytes read (at least 1), 0 when the timeout passed, or {@link #EOF}
     */
    int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException;

    /** Bytes that can be read now without blocking (0 when unknown). */
    int available() throws IOException;

    /** Writes all of {@code len} bytes. */
    void write(byte[] buf, int off, int len) throws IOException;

    default void write(byte[] buf) throws IOException {
        write(buf, 0, buf.length);
    }

    /**
     * The descriptor that arrived with the data read last, if any; the caller then owns it.
     * Connections that cannot carry descriptors return empty.
     */
    default OptionalInt takeReceivedFd() {
        return OptionalInt.empty();
    }

    /**
     * Closes a descriptor that {@link #takeReceivedFd()} handed over and nobody wants (the caller owns
     * it); errors are ignored.
     */
    static void closeReceivedFd(int fd) {
        LibC.closeQuietly(fd);
    }

    /** A short name of the peer for log lines. */
    String describe();

    @Override
    void close();

    /**
     * Reads exactly {@code len} bytes unless the peer closes or {@code deadlineNanos}
     * ({@link System#nanoTime()} based; {@code Long.MAX_VALUE} for none) passes first.
     *
     * @return the number of bytes read; fewer than {@code len} on EOF or timeout
     */
    default int readFully(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        int got = 0;
        while (got < len) {
            int timeout = 0;
            if (deadlineNanos != Long.MAX_VALUE) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return got;
                }
                timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L));
            }
            int n = read(buf, off + got, len - got, timeout);
            if (n == EOF) {
                return got;
            }
            if (n == 0 && deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
                return got;
            }
            got += n;
        }
        return got;
    }
}
