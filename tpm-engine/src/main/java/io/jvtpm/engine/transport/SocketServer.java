package io.jvtpm.engine.transport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the swtpm and mssim servers share: the threads serving their listeners, the signal that
 * asks them to stop (a protocol's stop message, a failed listener, or {@link #close()}) and the
 * rule for clients that want a busy listener.
 *
 * <p>Each listener serves one client at a time, as swtpm and the TCG simulator do. None of these
 * protocols has a "busy" answer, and their long-lived clients (QEMU's control channel, a resource
 * manager on the data or mssim socket) stay silent for hours, so an idle client is not
 * disconnected for being idle alone. It is when another client wants its slot: a client that
 * has sent nothing for the idle timeout gives the slot to the one client allowed to wait, and a
 * waiting client that has not got the slot within the idle timeout (plus a second) is closed.
 * A client arriving while the slot is busy and one already waits takes the waiting one's place,
 * and the one displaced is closed at once (of two clients queued one after the other, the later
 * is the one still there: the earlier has most often given up). For each, closing is the clear
 * answer: the client's read ends at once (EOF) instead of hanging. With an idle timeout of zero,
 * newcomers wait in the listen backlog until the slot frees, as with swtpm (whose main loop does
 * not accept while it has a client). A client that stops in the middle of a message is bounded
 * by its protocol's message deadline whatever the idle timeout.
 */
public abstract class SocketServer implements AutoCloseable {
    /** The idle timeout of a server not told otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final CountDownLatch stopped = new CountDownLatch(1);
    final ListenerPool pool;

    SocketServer(Duration idleTimeout) {
        this.pool = new ListenerPool(this::stop, idleTimeout);
    }

    /** Blocks until the server is asked to stop or closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** As {@link #awaitStop()}, at most {@code timeout}; true when stopped. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Asks the server to stop: {@link #awaitStop()} returns; {@link #close()} releases the sockets. */
    public void stop() {
        stopped.countDown();
    }

    /** Stops serving and closes every socket; does not power the TPM off. */
    @Override
    public void close() {
        stop();
        pool.close();
    }
}
