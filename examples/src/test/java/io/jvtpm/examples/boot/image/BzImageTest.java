package io.jvtpm.examples.boot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.engine.testing.Peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BzImageTest {

    @Test
    void parsesSyntheticHeader() throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        byte[] bytes = s.build();
        BzImage k = BzImage.parse("k", bytes);
        SetupHeader h = k.header();
        assertEquals(27, h.setupSects());
        assertEquals((27 + 1) * 512, h.protectedModeOffset());
        assertEquals("2.15", h.versionString());
        assertTrue(h.has64BitEntry());
        assertTrue(h.canBeLoadedAbove4G());
        assertTrue(h.relocatable());
        assertEquals(0x200000, h.kernelAlignment());
        assertEquals(0x1000000, h.prefAddress());
        assertEquals(0x2000000, h.initSize());
        assertEquals(2047, h.cmdlineSize());
        assertEquals(0x7FFFFFFF, h.initrdAddrMax());
        assertEquals(0x202 + 0x6A, h.headerEnd());
        assertEquals(s.kernelBytes, k.protectedModeSize());
        assertArrayEquals(Arrays.copyOfRange(bytes, 28 * 512, bytes.length), k.protectedModeKernel());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0x1F1, 0x26C), k.setupHeaderBytes());
        assertEquals(0x2000000, k.memoryFootprint());
    }

    @Test
    void zeroSetupSectsMeansFour() throws BootException {
        SyntheticBzImage s = new SyntheticBzImage();
        s.setupSects = 0;
        assertEquals(5 * 512, BzImage.parse("k", s.build()).header().protectedModeOffset());
    }

    static Stream<Arguments> badImages() {
        return Stream.of(
                bad(s -> s.bootFlag = 0x1234, "boot_flag is 0x1234"),
                bad(s -> s.magic = 0, "no \"HdrS\""),
                bad(s -> s.version = 0x020A, "boot protocol 2.10; jvtpm needs 2.12"),
                bad(s -> s.loadFlags = 0, "LOADED_HIGH"),
                bad(s -> s.xloadFlags = 0, "no 64-bit entry point"),
                bad(s -> s.kernelAlignment = 0x300000, "not a power of two"),
                bad(s -> s.jumpLength = 0x10, "header end"));
    }

    private static Arguments bad(Consumer<SyntheticBzImage> change, String message) {
        SyntheticBzImage s = new SyntheticBzImage();
        change.accept(s);
        return Arguments.of(s.build(), message);
    }

    @ParameterizedTest
    @MethodSource("badImages")
    void rejectsBadHeaders(byte[] image, String message) {
        KernelRejections.assertRejected(() -> BzImage.parse("vmlinuz", image), "vmlinuz", message);
    }

    @Test
    void rejectsShortAndMissingFiles(@TempDir Path dir) throws IOException {
        Path small = dir.resolve("small");
        Files.write(small, new byte[100]);
        assertTrue(assertThrows(BootException.class, () -> BzImage.load(small)).getMessage().contains("too short"));
        assertTrue(assertThrows(BootException.class, () -> BzImage.load(dir.resolve("nope")))
                .getMessage().contains("does not exist"));
        SyntheticBzImage s = new SyntheticBzImage();
        s.setupSects = 200;
        byte[] cut = Arrays.copyOf(s.build(), 201 * 512 - 1);
        assertTrue(assertThrows(BootException.class, () -> BzImage.parse("k", cut)).getMessage().contains("past the end"));
    }

    @Test
    @Tag("peer")
    void parsesTheInstalledDebianKernel() throws IOException, BootException {
        Path kernel = Peers.linuxKernel();
        BzImage k = BzImage.load(kernel);
        SetupHeader h = k.header();
        assertTrue(h.version() >= 0x020F, "Debian 6.1 speaks protocol 2.15, got " + h.versionString());
        assertTrue(h.has64BitEntry());
        assertTrue(h.relocatable());
        assertEquals(0x1000000, h.prefAddress());
        assertEquals(0x200000, h.kernelAlignment());
        assertTrue(h.initSize() > k.protectedModeSize(), "init_size covers the decompressed kernel");
        assertEquals(0x7FFFFFFF, h.initrdAddrMax());
        assertTrue(h.cmdlineSize() >= 2047);
    }
}
