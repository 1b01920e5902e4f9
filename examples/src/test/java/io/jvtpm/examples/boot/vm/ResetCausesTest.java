package io.jvtpm.examples.boot.vm;

import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.assertClosed;
import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.boot;
import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.guest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.table.AcpiImage;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SyntheticBzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.examples.boot.legacy.KeyboardControllerReset;
import io.jvtpm.examples.boot.legacy.PlatformEvents;
import io.jvtpm.examples.boot.legacy.ResetCause;
import io.jvtpm.examples.boot.legacy.ResetControl;
import io.jvtpm.kvm.exit.ShutdownExit;
import io.jvtpm.kvm.exit.SystemEventExit;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every cause of a platform reset (the 8042's pulse, port 0xCF9, the FADT's ACPI reset register,
 * a triple fault, KVM's system event) reaches the launcher as the same {@link PlatformEvents#reset}
 * and is followed by the same platform reset sequence, the one {@link LinuxMachine} runs: _TPM_Init,
 * the MOR memory clear, the pending PPI operation ({@link TpmStack#onPlatformReset()}), then a
 * fresh measured boot that closes the platform hierarchy again ({@link TpmStack#bootSequence}).
 */
class ResetCausesTest {

    private static final long MARKER_ADDRESS = 0x8000;
    private static final byte[] MARKER = "secret the guest asked to wipe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OWNER_SECRET = "owner".getBytes(StandardCharsets.US_ASCII);

    /** How a reset comes about: through the device or the vCPU exit that carries it. */
    enum Cause {
        KEYBOARD_CONTROLLER(ResetCause.KEYBOARD_CONTROLLER, events -> {
            KeyboardControllerReset kbc = new KeyboardControllerReset(events);
            kbc.write(KeyboardControllerReset.STATUS_COMMAND, 1, KeyboardControllerReset.CMD_PULSE_RESET);
        }),
        RESET_CONTROL_CF9(ResetCause.RESET_CONTROL_HARD, events -> {
            ResetControl cf9 = new ResetControl(events);
            cf9.write(0, 1, ResetControl.SYS_RST);
            cf9.write(0, 1, ResetControl.SYS_RST | ResetControl.RST_CPU);
        }),
        ACPI_RESET_REGISTER(ResetCause.RESET_CONTROL_HARD, events -> {
            // what the guest's ACPI reboot does: RESET_VALUE to the FADT's RESET_REG, here the port behind it
            FadtReset reg = FadtReset.of(tables());
            assertEquals(ResetControl.PORT, reg.port(), "the FADT's reset register is the reset control port");
            new ResetControl(events).write(reg.port() - ResetControl.PORT, 1, reg.value());
        }),
        TRIPLE_FAULT(ResetCause.TRIPLE_FAULT, events ->
                assertTrue(PlatformExits.report(new ShutdownExit(), events, () -> "vCPU 0: RIP 0x0"))),
        KVM_SYSTEM_EVENT_RESET(ResetCause.RESET_CONTROL_HARD, events ->
                assertTrue(PlatformExits.report(new SystemEventExit(2, List.of()), events, () -> "")));

        final ResetCause logged;
        final Consumer<PlatformEvents> trigger;

        Cause(ResetCause logged, Consumer<PlatformEvents> trigger) {
            this.logged = logged;
            this.trigger = trigger;
        }
    }

    /** The FADT's RESET_REG (a system I/O Generic Address at offset 116) and RESET_VALUE (offset 128). */
    private record FadtReset(int port, int value) {
        static FadtReset of(AcpiImage img) {
            ByteBuffer f = ByteBuffer.wrap(img.table("FACP").bytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1, f.get(116), "RESET_REG in system I/O space");
            assertTrue((f.getInt(112) & (1 << 10)) != 0, "RESET_REG_SUP");
            return new FadtReset((int) f.getLong(120), f.get(128) & 0xFF);
        }
    }

    private static AcpiImage tables() {
        try {
            GuestMemoryLayout l = GuestMemoryLayout.plan(512L << 20, BzImage.parse("k", new SyntheticBzImage().build()), 0, 0);
            return AcpiTables.build(l, 1, TpmInterface.TIS, PpiTransport.MEMORY);
        } catch (BootException e) {
            throw new AssertionError(e);
        }
    }

    private static List<byte[]> pcrs(TpmBackend tpm) {
        List<byte[]> values = new ArrayList<>();
        for (int mask : new int[] {0xFF, 0xFF00, 0xFF0000}) {
            values.addAll(TpmResponse.parse(tpm.execute(0, TpmCommands.pcrRead(List.of(
                    new PcrSelection(HashAlgorithm.SHA256, mask))))).pcrRead().values());
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void everyResetRunsTpmInitPpiMemoryClearAndAFreshMeasuredBootWithThePlatformHierarchyClosed(Cause cause,
            @TempDir Path dir) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(TpmInterface.TIS).tpmState(dir.resolve("tpm"))
                .ppiPolicy(PpiPolicy.ALLOW).toOptions();
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory pages = TpmStack.allocateTpmPages();
                TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])),
                        OutputStream.nullOutputStream(), ram, System.nanoTime(), pages)) {
            TpmBackend tpm = stack.backend();
            boot(stack);
            List<byte[]> measured = pcrs(tpm);

            // the guest runs: it extends PCRs, keeps a secret in RAM, sets MOR, an owner auth, and asks for a Clear
            ram.markInUse();
            assertEquals(0, guest(tpm, TpmCommands.pcrExtend(16, List.of(new TaggedHash(HashAlgorithm.SHA256, new byte[32])))));
            assertEquals(0, guest(tpm, TpmCommands.pcrExtend(8, List.of(new TaggedHash(HashAlgorithm.SHA256, new byte[32])))));
            ram.write(MARKER_ADDRESS, MARKER);
            assertEquals(0, guest(tpm, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], OWNER_SECRET)));
            PpiPage page = PpiPage.wrap(pages.buffer(PpiPage.BASE, PpiPage.SIZE));
            page.setMovv(PpiPage.MOVV_CLEAR_MEMORY);
            page.setPprq(PpiOperation.CLEAR.code());
            assertFalse(java.util.Arrays.equals(measured.get(8), pcrs(tpm).get(8)));

            List<ResetCause> seen = new ArrayList<>();
            cause.trigger.accept(new PlatformEvents() {
                @Override
                public void reset(ResetCause c) {
                    seen.add(c);
                }

                @Override
                public void powerOff() {
                    seen.add(null);
                }
            });
            assertEquals(List.of(cause.logged), seen, "the cause reaches the run loop as a reset");

            // what LinuxMachine does at every RESET outcome, then the next cycle's measured boot
            assertEquals(PpiResponse.SUCCESS, stack.onPlatformReset().orElseThrow().response(), "the PPI Clear ran");
            assertArrayEquals(new byte[MARKER.length], ram.read(MARKER_ADDRESS, MARKER.length), "MOR: RAM cleared");
            assertTrue(ram.zeroed());
            assertEquals(0, page.movv(), "ClearMemory done");
            assertTrue(stack.lastMemoryClear().isPresent(), "the clear is timed for the reset's log line");
            boot(stack);
            List<byte[]> again = pcrs(tpm);
            for (int i = 0; i < measured.size(); i++) {
                assertArrayEquals(measured.get(i), again.get(i), "PCR " + i + ": _TPM_Init and a fresh measured boot");
            }
            assertClosed(tpm);
            assertEquals(0, guest(tpm, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], OWNER_SECRET)),
                    "the Clear emptied the owner's auth");
        }
    }
}
