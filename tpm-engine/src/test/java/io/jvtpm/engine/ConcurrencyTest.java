package io.jvtpm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** execute from many threads: commands run one at a time and every answer is whole. */
class ConcurrencyTest {
    /** A SHA-256 digest holding {@code n} in its last byte. */
    private static byte[] digest(int n) {
        byte[] d = new byte[32];
        d[31] = (byte) n;
        return d;
    }

    @Test
    void commandsFromManyThreads() throws Exception {
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
                                case 0 -> t.execute(0, TpmCommands.getRandom(32));
                                case 1 -> t.execute(0, TpmCommands.pcrExtend(16,
                                        List.of(new TaggedHash(HashAlgorithm.SHA256, digest(n)))));
                                default -> t.execute(0, TpmCommands.pcrRead(HashAlgorithm.SHA256, 16));
                            };
                            assertEquals(0, TpmTestSupport.rc(r));
                            assertEquals(r.length, TpmWire.u32(r, 2));
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
