package io.jvtpm.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The host's shutdown request: the power button on each cycle that comes up, a hard power-off only at the timeout. */
class PowerButtonWatchTest {

    private final List<String> pressed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> current = new AtomicReference<>();
    private final AtomicBoolean goesOn = new AtomicBoolean(true);
    private final AtomicInteger hardOffs = new AtomicInteger();

    private Thread watch(Duration timeout, AtomicInteger notReadyPresses) {
        Thread t = new Thread(new PowerButtonWatch<String>(current::get, c -> {
            if (notReadyPresses.getAndDecrement() > 0) {
                return false;
            }
            pressed.add(c);
            return true;
        }, goesOn::get, () -> {
            hardOffs.incrementAndGet();
            goesOn.set(false);
        }, timeout));
        t.start();
        return t;
    }

    @Test
    void aGuestThatIgnoresTheButtonIsPoweredOffHardAtTheTimeoutAndEachCycleIsPressedOnce() throws Exception {
        current.set("boot 1");
        Thread t = watch(Duration.ofMillis(2_000), new AtomicInteger(2));
        Thread.sleep(500);
        assertEquals(List.of("boot 1"), pressed, "pressed once its devices were up, and only once");
        assertEquals(0, hardOffs.get());
        current.set(null);
        Thread.sleep(50);
        current.set("boot 2");
        t.join(5_000);
        assertEquals(List.of("boot 1", "boot 2"), pressed, "the cycle after a reset is pressed too");
        assertEquals(1, hardOffs.get(), "no power-off within the timeout: one hard power-off");
    }

    @Test
    void aGuestThatPowersOffInTimeIsNotPoweredOffHard() throws Exception {
        current.set("boot 1");
        Thread t = watch(Duration.ofSeconds(30), new AtomicInteger(0));
        Thread.sleep(100);
        goesOn.set(false);
        t.join(5_000);
        assertEquals(List.of("boot 1"), pressed);
        assertEquals(0, hardOffs.get());
    }

    @Test
    void secondsHaveAFractionOnlyWhereTheyHaveOne() {
        assertEquals("30", PowerButtonWatch.seconds(Duration.ofSeconds(30)));
        assertEquals("0.5", PowerButtonWatch.seconds(Duration.ofMillis(500)));
    }
}
