package io.jvtpm.engine;

import io.jvtpm.engine.platform.PlatformClock;

/** A platform clock the test moves by hand. */
public final class ManualClock implements PlatformClock {
    private long now = 1_000;

    @Override
    public synchronized long millis() {
        return now;
    }

    public synchronized void advance(long ms) {
        now += ms;
    }
}
