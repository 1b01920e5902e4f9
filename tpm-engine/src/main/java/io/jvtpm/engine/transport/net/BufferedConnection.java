package io.jvtpm.engine.transport.net;

import java.io.IOException;

/**
 * A {@link Connection} that reads ahead: each read from the peer takes all it can get (up to
 * the buffer) and later reads are served from what is left, so a TPM command framed in several
 * small reads costs one system call. Writes and descriptors pass straight through.
 */
public final class BufferedConnection extends ForwardingConnection {
    private final byte[] buf;
    private int pos;
    private int end;

    public BufferedConnection(Connection in, int capacity) {
        super(in);
        this.buf = new byte[capacity];
    }

    @Override
    public int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end) {
            int n = in.read(buf, 0, buf.length, timeoutMillis);
            if (n <= 0) {
                return n;
            }
            pos = 0;
            end = n;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (end - pos) + in.available();
    }
}
