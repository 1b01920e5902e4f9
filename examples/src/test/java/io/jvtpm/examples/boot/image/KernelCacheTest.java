package io.jvtpm.examples.boot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCacheTest {

    private static BzImage kernel(int variant) throws Exception {
        SyntheticElf e = SyntheticElf.kernelLike();
        e.entry += variant;
        return KernelPayloadTest.withPayload(KernelPayloadTest.kernelXz(e.build()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStoredKernelIsFoundAndLoadsAsItsElf(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b");
        KernelCache cache = new KernelCache(dir);
        BzImage k = kernel(0);
        assertTrue(cache.lookup(k).isEmpty());
        KernelCache.Entry stored = cache.store(k, () -> false).orElseThrow();
        assertEquals(List.of(KernelCache.key(k)), names(dir), "one entry, no file left beside it");
        KernelCache.Entry found = cache.lookup(k).orElseThrow();
        assertEquals(stored, found);
        byte[] ram = new byte[0x300000];
        found.load((gpa, len) -> ByteBuffer.wrap(ram, (int) (gpa - 0x1000000), len).slice(), true);
        byte[] elf = SyntheticElf.kernelLike().build();
        assertArrayEquals(Arrays.copyOfRange(elf, 0x1000, 0x1800), Arrays.copyOfRange(ram, 0, 0x800));
        assertTrue(cache.lookup(kernel(1)).isEmpty(), "another kernel is another entry");
        assertNotEquals(KernelCache.key(k), KernelCache.key(kernel(1)));
    }

    @Test
    void anEntryThatDoesNotCheckIsRemoved(@TempDir Path dir) throws Exception {
        KernelCache cache = new KernelCache(dir);
        BzImage k = kernel(0);
        Path file = cache.store(k, () -> false).orElseThrow().file();
        byte[] good = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertTrue(cache.lookup(k).isEmpty(), "a cut file");
        assertFalse(Files.exists(file));
        byte[] bad = good.clone();
        bad[0] = 0;
        Files.write(file, bad);
        assertTrue(cache.lookup(k).isEmpty(), "no ELF magic");
        assertFalse(Files.exists(file));
        assertTrue(cache.store(k, () -> false).isPresent());
        assertTrue(cache.lookup(k).isPresent());
    }

    @Test
    void aCancelledOrFailedStoreLeavesNothing(@TempDir Path dir) throws Exception {
        KernelCache cache = new KernelCache(dir);
        assertThrows(InterruptedIOException.class, () -> cache.store(kernel(0), () -> true));
        assertEquals(List.of(), names(dir));
        byte[] notElf = new byte[0x2000];
        Arrays.fill(notElf, (byte) 7);
        BzImage k = KernelPayloadTest.withPayload(KernelPayloadTest.kernelGzip(notElf));
        IOException e = assertThrows(IOException.class, () -> cache.store(k, () -> false));
        assertTrue(e.getMessage().contains("not an x86-64 vmlinux"), e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void kernelsWithoutASupportedPayloadAreNotStored(@TempDir Path dir) throws Exception {
        KernelCache cache = new KernelCache(dir);
        assertEquals(Optional.empty(), cache.store(BzImage.parse("k", new SyntheticBzImage().build()), () -> false));
        byte[] zstd = Arrays.copyOf(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, 64);
        zstd[60] = 1;
        assertEquals(Optional.empty(), cache.store(KernelPayloadTest.withPayload(zstd), () -> false));
        assertTrue(cache.lookup(BzImage.parse("k", new SyntheticBzImage().build())).isEmpty());
    }

    @Test
    void keepsTheMostRecentlyUsedEntriesAndRemovesDeadStores(@TempDir Path dir) throws Exception {
        KernelCache cache = new KernelCache(dir);
        Path stale = dir.resolve("1-0-0.vmlinux.tmp-99999");
        Path fresh = dir.resolve("2-0-0.vmlinux.tmp-99998");
        for (int i = 0; i < KernelCache.KEEP; i++) {
            Path f = cache.store(kernel(i), () -> false).orElseThrow().file();
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(1000 - i)));
        }
        Files.write(stale, new byte[1]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(KernelCache.STALE_TEMP).minusSeconds(60)));
        Files.write(fresh, new byte[1]);
        cache.lookup(kernel(0));  // used: now the most recent
        cache.store(kernel(KernelCache.KEEP), () -> false);
        List<String> left = names(dir);
        assertEquals(KernelCache.KEEP + 1, left.size(), left.toString());
        assertTrue(left.contains(KernelCache.key(kernel(0))), "the entry used last stays");
        assertTrue(left.contains(KernelCache.key(kernel(KernelCache.KEEP))), "the new entry stays");
        assertFalse(left.contains(KernelCache.key(kernel(1))), "the least recently used goes");
        assertFalse(left.contains(stale.getFileName().toString()), "a dead store's file goes");
        assertTrue(left.contains(fresh.getFileName().toString()), "a store that may be running stays");
    }

    @Test
    void theDefaultDirectoryFollowsXdg() {
        assertEquals(Optional.of(Path.of("/c/jvtpm/kernels")), KernelCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")));
        assertEquals(Optional.of(Path.of("/h/.cache/jvtpm/kernels")), KernelCache.defaultDirectory(Map.of("HOME", "/h")));
        assertEquals(Optional.of(Path.of("/h/.cache/jvtpm/kernels")),
                KernelCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/h")));
        assertEquals(Optional.empty(), KernelCache.defaultDirectory(Map.of()));
    }
}
