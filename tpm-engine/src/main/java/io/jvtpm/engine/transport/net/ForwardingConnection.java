package io.jvtpm.engine.transport.net;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A {@link Connection} that passes every call to the connection it wraps; a subclass overrides
 * what it changes (read-ahead, idle bounds) and keeps the rest.
 */
public abstract class ForwardingConnection implements Connection {
    /** The wrapped connection. */
    protected final Connection in;

    protected ForwardingConnection(Connection in) {
        this.in = in;
    }

    @Override
    public int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException {
        return in.read(buf, off, len, timeoutMillis);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        in.write(buf, off, len);
    }

    @Override
    public OptionalInt takeReceivedFd() {
        return in.takeReceivedFd();
    }

    @Override
    public String describe() {
        return in.describe();
    }

    @Override
    public void close() {
        in.close();
    }
}
