package io.jvtpm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** execute from many threads: commands run one at a time and every answer is whole. */
class ConcurrencyTest {
    @Test
    void commandsFromManyThreads() throws Exception {
        String pw = "00000009 40000009 0000 00 0000";
        try (InProcessBackend t = TpmTestSupport.started(21)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int th = 0; th < 4; th++) {
                    final int n = th;
                    results.add(pool.submit(() -> {
                        int extends_ = 0;
                        for (int i = 0; i < 2000; i++) {
                            byte[] r = switch (i % 3) {
                                case 0 -> t.execute(0, TpmTestSupport.cmd("8001 00000000 0000017b 0020"));
                                case 1 -> t.execute(0, TpmTestSupport.cmd("8002 00000000 00000182 00000010 " + pw
                                        + " 00000001 000b " + String.format("%064x", n)));
                                default -> t.execute(0, TpmTestSupport.cmd("8001 00000000 0000017e 00000001 000b 03 000001"));
                            };
                            assertEquals(0, TpmTestSupport.rc(r));
                            int size = ((r[2] & 0xFF) << 24) | ((r[3] & 0xFF) << 16) | ((r[4] & 0xFF) << 8) | (r[5] & 0xFF);
                            assertEquals(r.length, size);
                            if (i % 3 == 1) {
                                extends_++;
                            }
                        }
                        return extends_;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                assertEquals(4 * 667, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
