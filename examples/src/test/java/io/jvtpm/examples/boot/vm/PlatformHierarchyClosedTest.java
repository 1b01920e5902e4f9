package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.examples.boot.measure.DigestCache;
import io.jvtpm.examples.boot.measure.EventLog;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.ppi.exec.PpiOutcome;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher's boot-time TPM sequence leaves the guest no platform authority, as firmware
 * closes the platform hierarchy before the OS (TCG TPM v2.0 Provisioning Guidance; TPM 2.0
 * Library Part 3, 24.2 and 24.8), at the first boot and after every reset, while the PPI
 * executor (TCG PPI 1.3) still runs the guest's request at the reset under the host's policy.
 */
class PlatformHierarchyClosedTest {

    private static final byte[] OWNER_SECRET = "owner".getBytes(StandardCharsets.US_ASCII);
    private static final int GUEST_LOCALITY = 0;

    static int guest(TpmBackend tpm, byte[] command) {
        return TpmResponse.parse(tpm.execute(GUEST_LOCALITY, command)).rc();
    }

    /** The guest's platform-authorized commands (empty password) answer TPM_RC_HIERARCHY for handle 1. */
    static void assertClosed(TpmBackend tpm) {
        int closed = TpmRc.HIERARCHY.handle(1);
        assertEquals(closed, guest(tpm, TpmCommands.clear(TpmRh.PLATFORM)), "TPM2_Clear(TPM_RH_PLATFORM)");
        assertEquals(closed, guest(tpm, TpmCommands.changeEps()), "TPM2_ChangeEPS");
        assertEquals(closed, guest(tpm, TpmCommands.changePps()), "TPM2_ChangePPS");
        assertEquals(closed, guest(tpm, TpmCommands.pcrAllocate(TpmRh.PLATFORM,
                List.of(new PcrSelection(HashAlgorithm.SHA256, PcrSelection.ALL_PCRS)))), "TPM2_PCR_Allocate");
        assertEquals(closed, guest(tpm, TpmCommands.clockSet(TpmRh.PLATFORM, 1L << 40)), "TPM2_ClockSet");
        assertEquals(closed, guest(tpm, TpmCommands.hierarchyControl(TpmRh.PLATFORM, TpmRh.PLATFORM, true)),
                "TPM2_HierarchyControl(TPM_RH_PLATFORM, YES)");
        assertEquals(TpmRc.INITIALIZE.value(), guest(tpm, TpmCommands.startup(TpmSu.CLEAR)),
                "the guest cannot start the TPM anew");
    }

    static EventLog boot(TpmStack stack) throws Exception {
        return stack.bootSequence(0x10000, new DigestCache(),
                mb -> mb.measureDirectBoot("jvtpm test", new byte[] {1, 2, 3}, "console=ttyS0", new byte[] {4}));
    }

    @ParameterizedTest
    @CsvSource({"TIS, allow", "CRB, allow", "TIS, deny", "CRB, deny"})
    void everyBootClosesThePlatformHierarchyAndPpiClearStillRunsAtTheReset(TpmInterface kind, String policy,
            @TempDir Path dir) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(kind).tpmState(dir.resolve("tpm"))
                .ppiPolicy(PpiPolicy.parse(policy)).toOptions();
        boolean runs = policy.equals("allow");
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory pages = TpmStack.allocateTpmPages();
                TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])),
                        OutputStream.nullOutputStream(), ram, System.nanoTime(), pages)) {
            TpmBackend tpm = stack.backend();
            EventLog log = boot(stack);
            assertTrue(log.area().length > 0);
            assertClosed(tpm);
            assertEquals(TpmRc.LOCALITY.value(), guest(tpm, TpmCommands.pcrReset(17)),
                    "PCR 17 is the DRTM's: reset from locality 4 only");
            assertEquals(0, guest(tpm, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], OWNER_SECRET)),
                    "the owner hierarchy is the guest's");

            // the guest asks for a Clear through the PPI page and reboots
            PpiPage page = PpiPage.wrap(pages.buffer(PpiPage.BASE, PpiPage.SIZE));
            page.setPprq(PpiOperation.CLEAR.code());
            Optional<PpiOutcome> outcome = stack.onPlatformReset();
            assertEquals(runs ? PpiResponse.SUCCESS : PpiResponse.USER_ABORT, outcome.orElseThrow().response(),
                    outcome.get().detail());
            boot(stack);
            assertClosed(tpm);
            byte[] ownerAuthNow = runs ? new byte[0] : OWNER_SECRET;
            assertEquals(0, guest(tpm, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, ownerAuthNow, OWNER_SECRET)),
                    runs ? "the Clear emptied the owner's auth" : "the refused Clear left the owner's auth");

            // and after a reset with nothing pending
            assertTrue(stack.onPlatformReset().isEmpty());
            boot(stack);
            assertClosed(tpm);
        }
    }
}
