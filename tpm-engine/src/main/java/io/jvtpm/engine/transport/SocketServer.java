package io.jvtpm.engine.transport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the swtpm and mssim servers share: the threads serving their listeners and the signal
 * that asks them to stop (a protocol's stop message, a failed listener, or {@link #close()}).
 */
abstract class SocketServer implements AutoCloseable {
    private final CountDownLatch stopped = new CountDownLatch(1);
    final ListenerPool pool = new ListenerPool(this::stop);

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
