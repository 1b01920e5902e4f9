package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@link OrderedSearch} gives the answer of a sequential scan whatever the threads do. */
class OrderedSearchTest {
    private static int sequential(boolean[] hits) {
        for (int i = 0; i < hits.length; i++) {
            if (hits[i]) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void answersAsASequentialScanWithUnevenTestTimes() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 300; round++) {
            int n = r.nextInt(0, 80);
            boolean[] hits = new boolean[n];
            int density = r.nextInt(1, 40);
            for (int i = 0; i < n; i++) {
                hits[i] = r.nextInt(density) == 0;
            }
            long[] delays = new long[n];
            for (int i = 0; i < n; i++) {
                // later indices often finish first: the answer must still be the smallest hit
                delays[i] = r.nextInt(4) == 0 ? 200_000 : r.nextInt(20_000);
            }
            for (int threads : new int[] {1, 2, 3, 8}) {
                int got = OrderedSearch.first(n, i -> {
                    LockSupport.parkNanos(delays[i]);
                    return hits[i];
                }, threads);
                assertEquals(sequential(hits), got, "n=" + n + " threads=" + threads);
            }
        }
    }

    @Test
    void doesNotStartIndicesBeyondAnEarlyHit() {
        AtomicInteger tested = new AtomicInteger();
        int got = OrderedSearch.first(10_000, i -> {
            tested.incrementAndGet();
            LockSupport.parkNanos(2_000_000);
            return i == 2;
        }, 4);
        assertEquals(2, got);
        // each thread may have started one index past the hit before it was known
        assertTrue(tested.get() <= 3 + 2 * OrderedSearch.DEFAULT_THREADS, "tested " + tested.get() + " indices for a hit at 2");
    }

    @Test
    void forEachRunsEveryIndexOnce() {
        java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(37);
        OrderedSearch.forEach(37, runs::incrementAndGet, 4);
        for (int i = 0; i < 37; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    void emptyRangeAndNoHit() {
        assertEquals(-1, OrderedSearch.first(0, i -> true, 4));
        assertEquals(-1, OrderedSearch.first(500, i -> false, 4));
        assertEquals(0, OrderedSearch.first(1, i -> true, 4));
    }

    @Test
    void aFailingTestFailsTheSearch() {
        IllegalStateException boom = new IllegalStateException("boom");
        for (int threads : new int[] {1, 4}) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> OrderedSearch.first(50, i -> {
                        if (i == 7) {
                            throw boom;
                        }
                        return false;
                    }, threads));
            assertSame(boom, thrown);
        }
    }
}
