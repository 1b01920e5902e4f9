package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Connection;

/**
 * The one client a listener serves at a time, and the one client that may wait for it. With an
 * idle bound, a client that has sent nothing for that long gives the slot up to a waiting client,
 * and a waiting client that does not get the slot within the bound (plus a grace period, so
 * that an idle holder yields first) is closed; a newer client takes a waiting one's place, and
 * the one displaced is closed at once. Without a bound
 * (zero) no client is taken while the slot is busy: newcomers wait in the listen backlog, as
 * with swtpm.
 */
final class ClientSlot {
    /** A waiting client outlasts the idle bound by this much before it is closed. */
    static final long WAIT_GRACE_NANOS = 1_000_000_000L;

    private final long idleNanos;
    private boolean busy;
    private Connection waiting;
    private long waitingSince;
    private volatile long lastActivity;

    ClientSlot(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    /**
     * Whether a client arriving now may be accepted (to be served, to wait, or to be told no):
     * not while the client accepted last is being handed to the serving thread, and without an
     * idle bound not while the slot is taken.
     */
    synchronized boolean accepting() {
        if (waiting != null && !busy) {
            return false;
        }
        return idleNanos > 0 || !busy;
    }

    /** Waits at most {@code millis} for a change of the slot. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        if (!accepting()) {
            wait(millis);
        }
    }

    /**
     * Queues {@code c} for the slot in the place of the client waiting so far, which is returned
     * for the caller to close (null if none): of two clients queued one after the other, the
     * later is the one still there (a client that gave up and came back, a tool run again).
     */
    synchronized Connection offer(Connection c) {
        Connection displaced = waiting;
        waiting = c;
        waitingSince = System.nanoTime();
        notifyAll();
        return displaced;
    }

    /** The client that takes the free slot now, waiting at most {@code millis}; null if none. */
    synchronized Connection take(long millis) throws InterruptedException {
        if (busy || waiting == null) {
            wait(millis);
        }
        if (busy || waiting == null) {
            return null;
        }
        Connection c = waiting;
        waiting = null;
        busy = true;
        lastActivity = System.nanoTime();
        notifyAll();
        return c;
    }

    /** The served client is gone: the slot is free. */
    synchronized void release() {
        busy = false;
        notifyAll();
    }

    /** The served client sent or was sent something. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** Whether the served client, idle for the bound, should give the slot to a waiting one. */
    synchronized boolean shouldYield() {
        return idleNanos > 0 && waiting != null && System.nanoTime() - lastActivity >= idleNanos;
    }

    /** The waiting client whose wait passed its bound, removed from the slot; null if none. */
    synchronized Connection expiredWaiter() {
        if (waiting != null && busy && System.nanoTime() - waitingSince >= idleNanos + WAIT_GRACE_NANOS) {
            Connection c = waiting;
            waiting = null;
            notifyAll();
            return c;
        }
        return null;
    }

    /** Removes and returns the waiting client, if any (closing the server). */
    synchronized Connection removeWaiting() {
        Connection c = waiting;
        waiting = null;
        return c;
    }
}
