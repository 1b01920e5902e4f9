package io.jvtpm.engine.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A one-thread command executor for a PTP device (what {@code CommandRunner} hands slow commands
 * to) that counts the tasks it holds, queued or running, and the most it ever held: a device that
 * queued a task per guest request would show it here.
 */
public final class WatchedExecutor implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watched-command");
        t.setDaemon(true);
        return t;
    });
    private int held;
    private int maxHeld;
    private long tasks;

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            held++;
            tasks++;
            maxHeld = Math.max(maxHeld, held);
        }
        thread.execute(() -> {
            try {
                task.run();
            } finally {
                synchronized (this) {
                    held--;
                }
            }
        });
    }

    /** Tasks queued or running now. */
    public synchronized int held() {
        return held;
    }

    /** The most tasks it held at once. */
    public synchronized int maxHeld() {
        return maxHeld;
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
