package io.jvtpm.engine.crypto;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * The smallest index in [0, n) whose test holds, with the tests spread over the calling thread and
 * a shared pool of daemon threads: the answer is always the one a sequential scan gives, so work
 * that must be deterministic (the prime search of TPM 2.0 Library Part 1, 11.4.10, primary keys)
 * can use every core. Indices above an answer already found are not started.
 */
public final class OrderedSearch {
    /** Threads a search uses by default: the machine's cores, at most 8. */
    public static final int DEFAULT_THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private static final Executor POOL = DEFAULT_THREADS > 1
            ? Executors.newFixedThreadPool(DEFAULT_THREADS - 1, r -> {
                Thread t = new Thread(r, "jvtpm-search");
                t.setDaemon(true);
                return t;
            })
            : Runnable::run;

    private OrderedSearch() {
    }

    /**
     * The smallest i in [0, n) with {@code test.test(i)}, or -1 when there is none, using up to
     * {@code threads} threads (the caller's among them; 1 = a plain loop on the caller's thread).
     * A test that throws makes the search throw the same exception.
     */
    public static int first(int n, IntPredicate test, int threads) {
        int helpers = Math.min(Math.min(threads, DEFAULT_THREADS) - 1, n - 1);
        if (helpers <= 0) {
            for (int i = 0; i < n; i++) {
                if (test.test(i)) {
                    return i;
                }
            }
            return -1;
        }
        Scan scan = new Scan(n, test);
        for (int h = 0; h < helpers; h++) {
            POOL.execute(scan::work);
        }
        scan.work();
        return scan.await();
    }

    /**
     * Runs {@code task} for every i in [0, n) on up to {@code threads} threads and returns when all
     * are done; a task that throws makes this throw the same exception.
     */
    public static void forEach(int n, IntConsumer task, int threads) {
        first(n, i -> {
            task.accept(i);
            return false;
        }, threads);
    }

    /** One search: indices are handed out in order; each finished one is recorded. */
    private static final class Scan {
        private static final long WAIT_MILLIS = 20;
        private final int n;
        private final IntPredicate test;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger found = new AtomicInteger(Integer.MAX_VALUE);
        private final boolean[] done;
        private int doneBelow;
        private RuntimeException failure;
        private Error error;

        Scan(int n, IntPredicate test) {
            this.n = n;
            this.test = test;
            this.done = new boolean[n];
        }

        void work() {
            while (true) {
                int i = next.getAndIncrement();
                if (i >= n || i > found.get()) {
                    return;
                }
                boolean hit;
                try {
                    hit = test.test(i);
                } catch (RuntimeException e) {
                    fail(e, null);
                    return;
                } catch (Error e) {
                    fail(null, e);
                    return;
                }
                if (hit) {
                    found.accumulateAndGet(i, Math::min);
                }
                synchronized (this) {
                    done[i] = true;
                    notifyAll();
                }
            }
        }

        private synchronized void fail(RuntimeException e, Error err) {
            if (failure == null && error == null) {
                failure = e;
                error = err;
            }
            found.set(-1);
            notifyAll();
        }

        /** Waits until every index below the smallest hit has been tested; that hit, or -1. */
        synchronized int await() {
            boolean interrupted = false;
            try {
                while (true) {
                    if (error != null) {
                        throw error;
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    int limit = Math.min(found.get(), n);
                    while (doneBelow < limit && done[doneBelow]) {
                        doneBelow++;
                    }
                    if (doneBelow >= limit) {
                        return limit == n ? -1 : limit;
                    }
                    try {
                        // bounded: a finished test always notifies, the bound only caps a lost wakeup
                        wait(WAIT_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
