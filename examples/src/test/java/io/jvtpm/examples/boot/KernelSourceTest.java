package io.jvtpm.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.KernelCache;
import io.jvtpm.examples.boot.image.SyntheticBzImage;
import io.jvtpm.examples.boot.image.SyntheticElf;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSourceTest {

    private static BzImage kernel() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(SyntheticElf.kernelLike().build());
        }
        SyntheticBzImage s = new SyntheticBzImage();
        s.payload = gz.toByteArray();
        return BzImage.parse("k", s.build());
    }

    @Test
    void aMissBootsTheBzImageAndFillsTheCacheForTheNextLaunch(@TempDir Path dir) throws Exception {
        BzImage k = kernel();
        KernelCacheChoice choice = new KernelCacheChoice.Directory(dir);
        try (KernelSource first = KernelSource.open(choice, k, Map.of())) {
            assertTrue(first.kernel().vmlinux().isEmpty(), "the first launch boots the bzImage");
            KernelCache cache = new KernelCache(dir);
            for (int i = 0; i < 200 && cache.lookup(k).isEmpty(); i++) {
                Thread.sleep(50);
            }
        }
        try (KernelSource second = KernelSource.open(choice, k, Map.of())) {
            assertTrue(second.kernel().vmlinux().isPresent(), "the next one boots the decompressed kernel");
            assertEquals(0x1000000, second.kernel().vmlinux().get().elf().entry());
        }
    }

    @Test
    void noneAndNoDefaultDirectoryBootTheBzImage(@TempDir Path dir) throws Exception {
        BzImage k = kernel();
        try (KernelSource off = KernelSource.open(new KernelCacheChoice.Off(), k, Map.of("HOME", dir.toString()))) {
            assertTrue(off.kernel().vmlinux().isEmpty());
        }
        try (KernelSource none = KernelSource.open(new KernelCacheChoice.Default(), k, Map.of())) {
            assertTrue(none.kernel().vmlinux().isEmpty());
        }
        assertEquals(0, dir.toFile().list().length, "nothing was written");
    }

    @Test
    void theDefaultDirectoryIsUnderHome(@TempDir Path home) throws Exception {
        BzImage k = kernel();
        try (KernelSource first = KernelSource.open(new KernelCacheChoice.Default(), k, Map.of("HOME", home.toString()))) {
            KernelCache cache = new KernelCache(home.resolve(".cache/jvtpm/kernels"));
            for (int i = 0; i < 200 && cache.lookup(k).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertTrue(cache.lookup(k).isPresent());
        }
    }
}
