package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The threads of a socket server: one per listener, each serving its clients one after another
 * (as swtpm and the TCG simulator's TcpServer do), plus helper threads; closing stops them all and
 * closes every listener and live connection.
 */
final class ListenerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerPool.class);
    private static final int ACCEPT_SLICE_MILLIS = 200;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final Runnable onFatal;
    private volatile boolean closing;

    /** @param onFatal called when a listener itself fails (not a client) */
    ListenerPool(Runnable onFatal) {
        this.onFatal = onFatal;
    }

    boolean closing() {
        return closing;
    }

    /** Serves the clients of {@code listener} one at a time with {@code serve}. */
    synchronized void serve(String name, Listener listener, Consumer<Connection> serve) {
        listeners.add(listener);
        spawn(name, () -> {
            while (!closing) {
                Connection c;
                try {
                    c = listener.accept(ACCEPT_SLICE_MILLIS);
                } catch (java.io.IOException e) {
                    if (!closing) {
                        LOG.error("accept on {} failed: {}", listener.describe(), e.getMessage());
                        onFatal.run();
                    }
                    return;
                }
                if (c == null) {
                    continue;
                }
                serveOne(c, serve);
            }
        });
    }

    /** Serves one connection (already accepted or handed over) and closes it. */
    void serveOne(Connection c, Consumer<Connection> serve) {
        live.add(c);
        try (c) {
            if (!closing) {
                LOG.debug("client {}", c.describe());
                serve.accept(c);
            }
        } catch (RuntimeException e) {
            LOG.error("client {} ended with {}", c.describe(), e.toString());
        } finally {
            live.remove(c);
        }
    }

    /** Starts a daemon thread that closing waits for. */
    synchronized void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops accepting, closes listeners and live connections, waits briefly for the threads. */
    void close() {
        closing = true;
        List<Thread> ts;
        synchronized (this) {
            listeners.forEach(Listener::close);
            ts = new ArrayList<>(threads);
        }
        live.forEach(Connection::close);
        for (Thread t : ts) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
