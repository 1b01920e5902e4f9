package io.jvtpm.engine.transport.net;

import java.io.IOException;

/** A listening stream socket (TCP or unix) that hands out one {@link Connection} per client. */
public interface Listener extends AutoCloseable {

    /**
     * Waits at most {@code timeoutMillis} for a client.
     *
     * @return the connection, or null when the timeout passed
     */
    Connection accept(int timeoutMillis) throws IOException;

    /** Where this listener listens, for log lines and error messages. */
    String describe();

    @Override
    void close();
}
