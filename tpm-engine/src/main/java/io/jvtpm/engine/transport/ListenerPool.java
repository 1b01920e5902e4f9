package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The threads of a socket server: per listener an accepting thread and a serving thread that
 * serves its clients one after another (as swtpm and the TCG simulator's TcpServer do) through a
 * {@link ClientSlot}, plus helper threads; closing stops them all and closes every listener and
 * live connection.
 */
final class ListenerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerPool.class);
    private static final int ACCEPT_SLICE_MILLIS = 200;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<ClientSlot> slots = new ArrayList<>();
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final Runnable onFatal;
    private final long idleNanos;
    private volatile boolean closing;

    /**
     * @param onFatal called when a listener itself fails (not a client)
     * @param idleTimeout how long a client that sends nothing keeps its slot from a waiting
     *        client, and how long a client waits for the slot; zero for no bound
     */
    ListenerPool(Runnable onFatal, Duration idleTimeout) {
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("negative idle timeout " + idleTimeout);
        }
        this.onFatal = onFatal;
        this.idleNanos = idleTimeout.toNanos();
    }

    boolean closing() {
        return closing;
    }

    /** Serves the clients of {@code listener} one at a time with {@code serve}. */
    synchronized void serve(String name, Listener listener, Consumer<Connection> serve) {
        listeners.add(listener);
        ClientSlot slot = new ClientSlot(idleNanos);
        slots.add(slot);
        spawn(name, () -> accept(listener, slot));
        spawn(name + "-client", () -> serveSlot(slot, serve));
    }

    private void accept(Listener listener, ClientSlot slot) {
        try {
            while (!closing) {
                if (!slot.accepting()) {
                    slot.awaitChange(ACCEPT_SLICE_MILLIS);
                    continue;
                }
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
                Connection displaced = c == null ? null : slot.offer(c);
                if (displaced != null) {
                    LOG.debug("client {} displaced by a newer one waiting for {}", displaced.describe(),
                            listener.describe());
                    displaced.close();
                }
                Connection expired = slot.expiredWaiter();
                if (expired != null) {
                    LOG.debug("client {} waited for {} too long; closing it", expired.describe(), listener.describe());
                    expired.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveSlot(ClientSlot slot, Consumer<Connection> serve) {
        try {
            while (!closing) {
                Connection c = slot.take(ACCEPT_SLICE_MILLIS);
                if (c == null) {
                    continue;
                }
                try {
                    serveOne(new SlotConnection(c, slot), serve);
                } finally {
                    slot.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Stops accepting, closes listeners, waiting and live connections, waits briefly for the threads. */
    void close() {
        closing = true;
        List<Thread> ts;
        synchronized (this) {
            listeners.forEach(Listener::close);
            for (ClientSlot s : slots) {
                Connection w = s.removeWaiting();
                if (w != null) {
                    w.close();
                }
            }
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
        synchronized (this) {
            // a client queued while the threads were stopping
            for (ClientSlot s : slots) {
                Connection w = s.removeWaiting();
                if (w != null) {
                    w.close();
                }
            }
        }
    }
}
