package io.jvtpm.examples.boot.vm;

import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.boot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.ppi.page.PpiPage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TCG Platform Reset Attack Mitigation in the launcher: the MOR ClearMemory bit the guest sets
 * (its _DSM writes the PPI page's MOVV byte) makes the next reset clear all guest RAM before the
 * next boot, in every RAM region; without it RAM is kept; the bit is cleared once the clear is
 * done, so the following reset keeps RAM unless the guest sets it again.
 */
class MorMemoryClearTest {

    private static final byte[] MARKER = "the previous boot's secret".getBytes(StandardCharsets.US_ASCII);
    /** One marker in low RAM, one in the region above the 32-bit hole's start. */
    private static final long LOW = 0x9_0000;
    private static final long HIGH = 0x10_0000 + 0x1234;

    @ParameterizedTest
    @EnumSource(value = TpmInterface.class, names = {"TIS", "CRB"})
    void aMarkerIsGoneAfterAResetWithMorSetAndSurvivesWithout(TpmInterface kind, @TempDir Path dir) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(kind).toOptions();
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 0xA_0000), new RamRegion(0x10_0000, 1 << 20)));
                GuestMemory pages = TpmStack.allocateTpmPages();
                TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])),
                        OutputStream.nullOutputStream(), ram, System.nanoTime(), pages)) {
            PpiPage page = PpiPage.wrap(pages.buffer(PpiPage.BASE, PpiPage.SIZE));
            boot(stack);
            ram.markInUse();
            ram.write(LOW, MARKER);
            ram.write(HIGH, MARKER);

            stack.onPlatformReset();
            boot(stack);
            assertArrayEquals(MARKER, ram.read(LOW, MARKER.length), "no MOR: the marker survives the reset");
            assertFalse(ram.zeroed());
            assertTrue(stack.lastMemoryClear().isEmpty());

            page.setMovv(PpiPage.MOVV_CLEAR_MEMORY | PpiPage.MOVV_DISABLE_AUTO_DETECT);
            stack.onPlatformReset();
            assertArrayEquals(new byte[MARKER.length], ram.read(LOW, MARKER.length), "MOR: low RAM cleared");
            assertArrayEquals(new byte[MARKER.length], ram.read(HIGH, MARKER.length), "MOR: high RAM cleared");
            assertTrue(ram.zeroed());
            assertTrue(stack.lastMemoryClear().isPresent(), "the reset's log line says what the clear cost");
            assertEquals(PpiPage.MOVV_DISABLE_AUTO_DETECT, page.movv(), "ClearMemory done, DisableAutoDetect kept");
            boot(stack);

            ram.markInUse();
            ram.write(LOW, MARKER);
            stack.onPlatformReset();
            assertArrayEquals(MARKER, ram.read(LOW, MARKER.length), "the guest did not set MOR again: RAM kept");
            assertTrue(stack.lastMemoryClear().isEmpty());
        }
    }
}
