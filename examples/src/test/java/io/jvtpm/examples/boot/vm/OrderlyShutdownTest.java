package io.jvtpm.examples.boot.vm;

import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.boot;
import static io.jvtpm.examples.boot.vm.PlatformHierarchyClosedTest.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.kvm.mem.GuestMemory;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a guest's power-off leaves for the next launch on the same TPM state: after the guest's
 * TPM2_Shutdown (Linux sends it at power-off, also after the host's power button) the next start is
 * orderly and the TPM's Clock is safe (TPM 2.0 Library Part 1, 36.4; TPMS_CLOCK_INFO.safe); after a
 * hard power-off without it, Clock is not safe. The launcher notes which it was.
 */
class OrderlyShutdownTest {

    /** TPMS_CLOCK_INFO.safe in a TPM2_ReadClock response: header 10, time 8, clock 8, resetCount 4, restartCount 4. */
    private static final int SAFE_OFFSET = 34;

    @TempDir
    Path dir;

    private TpmStack open(Path state, GuestRam ram, GuestMemory pages) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(TpmInterface.TIS).tpmState(state).toOptions();
        return TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])),
                OutputStream.nullOutputStream(), ram, System.nanoTime(), pages);
    }

    /** One launch: a boot, the guest's commands, with or without its TPM2_Shutdown; answers Clock's safe flag at that boot. */
    private int launch(Path state, boolean guestShutsDown) throws Exception {
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory pages = TpmStack.allocateTpmPages();
                TpmStack stack = open(state, ram, pages)) {
            boot(stack);
            byte[] clock = stack.backend().execute(0, TpmCommands.readClock());
            assertEquals(0, guest(stack.guestTpm(), TpmCommands.getRandom(8)));
            if (guestShutsDown) {
                assertEquals(0, guest(stack.guestTpm(), TpmCommands.shutdown(TpmSu.CLEAR)));
            }
            assertEquals(guestShutsDown, stack.guestShutDownTpm(), "what the launcher logs at power-off");
            return clock[SAFE_OFFSET];
        }
    }

    @Test
    void theNextLaunchSeesTheGuestsOrderlyShutdownAndAHardPowerOffIsNot() throws Exception {
        Path state = dir.resolve("tpm");
        assertEquals(1, launch(state, true), "a new TPM's Clock is safe");
        assertEquals(1, launch(state, false), "after the guest's TPM2_Shutdown: an orderly start, Clock safe");
        assertEquals(0, launch(state, true), "after a power-off without it: Clock is not safe");
        assertEquals(1, launch(state, true), "the orderly shutdown before it: safe again");
    }
}
