package io.jvtpm.examples.boot.measure;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The digests of what a launch measures (TCG PC Client Platform Firmware Profile 3.3.4: the
 * kernel and initrd images hashed into every active PCR bank), computed once per image and bank
 * for the whole run — a guest reset measures the same bytes again — and, with
 * {@link #prefetch}, on other threads: whichever thread comes first computes a digest, the
 * others wait for it. Images are told apart by identity, so an image must not change once given.
 */
public final class DigestCache {

    /** One digest: claimed by the thread that computes it. */
    private static final class Entry {
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<byte[]> value = new CompletableFuture<>();

        void computeIfUnclaimed(HashAlgorithm bank, byte[] image) {
            if (claimed.compareAndSet(false, true)) {
                try {
                    value.complete(bank.digest(image));
                } catch (RuntimeException e) {
                    value.completeExceptionally(e);
                }
            }
        }
    }

    private final Map<byte[], Map<HashAlgorithm, Entry>> digests = new IdentityHashMap<>();

    private synchronized Entry entry(HashAlgorithm bank, byte[] image) {
        return digests.computeIfAbsent(image, k -> new EnumMap<>(HashAlgorithm.class)).computeIfAbsent(bank, k -> new Entry());
    }

    /** Offers the digests of {@code image} in {@code banks} to {@code executor}, one task per bank. */
    public void prefetch(byte[] image, Iterable<HashAlgorithm> banks, Executor executor) {
        for (HashAlgorithm a : banks) {
            Entry e = entry(a, image);
            if (!e.claimed.get()) {
                executor.execute(() -> e.computeIfUnclaimed(a, image));
            }
        }
    }

    /** The {@code bank} digest of {@code image}: kept from before, or computed now (and kept). */
    public byte[] digest(HashAlgorithm bank, byte[] image) {
        Entry e = entry(bank, image);
        e.computeIfUnclaimed(bank, image);
        return e.value.join().clone();
    }
}
