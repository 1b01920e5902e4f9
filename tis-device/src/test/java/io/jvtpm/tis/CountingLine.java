package io.jvtpm.tis;

import io.jvtpm.engine.ptp.InterruptLine;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** An interrupt line for the tests: counts how often the device raised it, and a driver can sleep on {@link #up}. */
final class CountingLine implements InterruptLine {
    /** Released each time the line goes up. */
    final Semaphore up = new Semaphore(0);
    /** How often the line went up. */
    final AtomicInteger raised = new AtomicInteger();

    @Override
    public void set(boolean asserted) {
        if (asserted) {
            raised.incrementAndGet();
            up.release();
        }
    }
}
