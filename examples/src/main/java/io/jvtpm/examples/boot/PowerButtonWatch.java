package io.jvtpm.examples.boot;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's shutdown request to a running guest (ACPI 6.5 section 4.8.2.2.1.1, the fixed power
 * button): presses the button of each power-on cycle {@code C} that runs until the timeout (the
 * cycle running at the request, and the one after a reset the guest goes through meanwhile, whose
 * devices come up a moment after it starts), then, if the run still goes on, powers off hard, said
 * in one WARN line.
 */
final class PowerButtonWatch<C> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PowerButtonWatch.class);
    private static final long POLL_MILLIS = 20;

    private final Supplier<C> current;
    private final Predicate<C> press;
    private final BooleanSupplier running;
    private final Runnable hardOff;
    private final Duration timeout;
    private final long deadline;

    /**
     * A watch from now until {@code timeout}: {@code current} is the running cycle (null between
     * cycles), {@code press} presses its button (false while its devices are not up yet),
     * {@code running} tells whether the run still goes on, {@code hardOff} ends it.
     */
    PowerButtonWatch(Supplier<C> current, Predicate<C> press, BooleanSupplier running, Runnable hardOff, Duration timeout) {
        this.current = current;
        this.press = press;
        this.running = running;
        this.hardOff = hardOff;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void run() {
        C pressed = null;
        try {
            while (System.nanoTime() < deadline && running.getAsBoolean()) {
                C c = current.get();
                if (c != null && c != pressed && press.test(c)) {
                    pressed = c;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (running.getAsBoolean()) {
            LOG.warn("the guest did not power off within {} s of the ACPI power button: powered off hard", seconds(timeout));
            hardOff.run();
        }
    }

    /** {@code d} in seconds, with a fraction only where it has one. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}
