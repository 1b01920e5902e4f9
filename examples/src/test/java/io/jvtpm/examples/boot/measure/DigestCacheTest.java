package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link DigestCache}: the digests of each bank, computed once per image, ahead or on demand. */
class DigestCacheTest {
    @Test
    void everyBankDigestEqualsTheDirectOneAndIsComputedOnce() throws Exception {
        byte[] image = new byte[300_000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            DigestCache cache = new DigestCache();
            cache.prefetch(image, EnumSet.of(HashAlgorithm.SHA256, HashAlgorithm.SHA384), r -> {
                tasks.incrementAndGet();
                pool.execute(r);
            });
            assertEquals(2, tasks.get(), "one task per bank");
            // a task that never runs: the caller computes the digest itself instead of waiting
            cache.prefetch(image, EnumSet.of(HashAlgorithm.SHA512), r -> tasks.incrementAndGet());
            assertEquals(3, tasks.get());
            for (HashAlgorithm a : HashAlgorithm.values()) {
                byte[] d = cache.digest(a, image);
                assertArrayEquals(a.digest(image), d, a.name());
                d[0] ^= 1;
                assertArrayEquals(a.digest(image), cache.digest(a, image), "a caller cannot change the kept digest");
            }
            byte[] sameBytes = image.clone();
            assertArrayEquals(HashAlgorithm.SHA1.digest(sameBytes), cache.digest(HashAlgorithm.SHA1, sameBytes));
        } finally {
            pool.shutdownNow();
        }
    }
}
