package io.jvtpm.engine.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A one-thread command executor for a PTP device (what {@code CommandRunner} hands slow commands
 * to) that counts the tasks it holds: those waiting for its thread, and those waiting or running.
 * A device that queued a task per guest request would show it here.
 */
public final class WatchedExecutor implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watched-command");
        t.setDaemon(true);
        return t;
    });
    private int held;
    private int queued;
    private int maxQueued;
    private long tasks;

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            held++;
            queued++;
            tasks++;
            maxQueued = Math.max(maxQueued, queued);
        }
        thread.execute(() -> {
            synchronized (this) {
                queued--;
            }
            try {
                task.run();
            } finally {
                synchronized (this) {
                    held--;
                }
            }
        });
    }

    /** Tasks waiting or running now. */
    public synchronized int held() {
        return held;
    }

    /** The most tasks that ever waited for the thread at once. */
    public synchronized int maxQueued() {
        return maxQueued;
    }

    /** Waits until it holds no task; false when {@code timeoutMillis} passed first. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (held() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Tasks it was given. */
    public synchronized long tasks() {
        return tasks;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
