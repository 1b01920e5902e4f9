package io.jvtpm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jvtpm boot}'s signals: the first SIGTERM or SIGINT presses the power button, any later one powers off at once. */
class HostSignalsTest {

    @Test
    void theFirstSignalPressesThePowerButtonTheSecondPowersOff() {
        List<String> done = new ArrayList<>();
        HostSignals.Dispatch d = new HostSignals.Dispatch(() -> done.add("button"), () -> done.add("off"));
        d.onSignal("TERM");
        assertEquals(List.of("button"), done);
        d.onSignal("INT");
        assertEquals(List.of("button", "off"), done, "Ctrl-C after a SIGTERM");
        d.onSignal("TERM");
        assertEquals(List.of("button", "off", "off"), done);
    }
}
