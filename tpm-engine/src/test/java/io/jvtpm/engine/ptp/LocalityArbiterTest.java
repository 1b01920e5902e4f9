package io.jvtpm.engine.ptp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Locality arbitration (PTP "Locality Usage"): scripted sequences of requests, relinquishes and seizes. */
class LocalityArbiterTest {

    /**
     * Each step is {@code r|l|s|c<locality>} (request, relinquish, seize, clear beenSeized); after
     * the script the active locality, the queued ones and the seized ones must be as given
     * ({@code -} for none).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "r0,            0, -, -",
        "r0 r0,         0, -, -",
        "r0 l0,        -1, -, -",
        "r1 r0 r3,      1, 03, -",
        "r1 r0 r3 l1,   3, 0, -",
        "r1 r0 r3 l1 l3, 0, -, -",
        "r2 l0,         2, -, -",
        "r2 s1,         2, -, -",
        "r2 s3,         3, -, 2",
        "r2 s3 r2,      3, 2, 2",
        "r2 s3 c2 r2,   3, 2, -",
        "r2 s3 c3,      3, -, 2",
        "r2 s3 l3 r2,   2, -, 2",
        "s4,            4, -, -",
        "r0 r2 s1,      1, 2, 0",
        "r0 r2 l2,      0, -, -",
        "r1 r2 s2,      2, -, 1",
    })
    void script(String script, int active, String pending, String seized) {
        LocalityArbiter a = new LocalityArbiter(5);
        for (String step : script.trim().split("\\s+")) {
            int loc = step.charAt(1) - '0';
            switch (step.charAt(0)) {
                case 'r' -> a.request(loc);
                case 'l' -> a.relinquish(loc);
                case 's' -> a.seize(loc);
                case 'c' -> a.clearBeenSeized(loc);
                default -> throw new IllegalArgumentException(step);
            }
        }
        assertEquals(active, a.active());
        for (int loc = 0; loc < 5; loc++) {
            assertEquals(pending.contains(Integer.toString(loc)), a.isRequesting(loc), "pending " + loc);
            assertEquals(seized.contains(Integer.toString(loc)), a.beenSeized(loc), "seized " + loc);
            boolean othersWait = false;
            for (int other = 0; other < 5; other++) {
                othersWait |= other != loc && pending.contains(Integer.toString(other));
            }
            assertEquals(othersWait, a.otherRequesting(loc), "others pending for " + loc);
        }
    }

    @ParameterizedTest(name = "changes: {0}")
    @CsvSource({"r0,true", "r0 r0,false", "r0 r1,false", "r0 l1,false", "r0 l0,true", "r0 s0,false", "r0 s4,true"})
    void reportsChangesOfTheActiveLocality(String script, boolean lastChanged) {
        LocalityArbiter a = new LocalityArbiter(5);
        boolean changed = false;
        for (String step : script.split(" ")) {
            int loc = step.charAt(1) - '0';
            changed = switch (step.charAt(0)) {
                case 'r' -> a.request(loc);
                case 'l' -> a.relinquish(loc);
                default -> a.seize(loc);
            };
        }
        assertEquals(lastChanged, changed);
    }

    @org.junit.jupiter.api.Test
    void resetAndBounds() {
        LocalityArbiter a = new LocalityArbiter(5);
        a.request(1);
        a.request(2);
        a.seize(4);
        a.reset();
        assertEquals(LocalityArbiter.NONE, a.active());
        assertFalse(a.isRequesting(2));
        assertFalse(a.beenSeized(1));
        assertThrows(IllegalArgumentException.class, () -> a.request(5));
        assertThrows(IllegalArgumentException.class, () -> a.seize(-1));
        assertThrows(IllegalArgumentException.class, () -> new LocalityArbiter(0));
        assertThrows(IllegalArgumentException.class, () -> new LocalityArbiter(9));
        assertTrue(a.request(4));
    }
}
