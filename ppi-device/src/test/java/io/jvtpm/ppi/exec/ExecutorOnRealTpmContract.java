package io.jvtpm.ppi.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import io.jvtpm.ppi.testutil.TpmProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The executor against a real TPM 2.0 (the in-process engine, or swtpm/libtpms): the guest asks
 * through the SMI mailbox, the VMM resets the machine (_TPM_Init, then {@link PpiExecutor#onReset}),
 * and the TPM shows the change the PPI operation promises.
 */
abstract class ExecutorOnRealTpmContract {

    private static final byte[] SECRET = "owner-secret".getBytes(StandardCharsets.US_ASCII);

    protected final PpiPage page = PpiPage.allocate();

    /** A TPM that was just powered on (_TPM_Init done, no Startup yet). */
    protected abstract TpmBackend tpm();

    private PpiExecutor executor(PpiPolicy policy) {
        return PpiExecutor.builder(page, tpm()).policy(policy).confirmer(r -> true).build();
    }

    /** The guest submits through the SMI path (function 7) and the host accepts it. */
    private void guestSubmits(PpiExecutor ex, long op, long param) {
        page.setPpip(PpiSmiHandler.FN_SUBMIT_2);
        page.setSmiRequest(op);
        page.setSmiParameter(param);
        new PpiSmiHandler(ex).onSmi(PpiSmiHandler.DEFAULT_COMMAND);
        assertEquals(PpiSmiHandler.RET_SUCCESS, page.fret(), "submit accepted");
    }

    /** The VMM resets the machine: _TPM_Init, then the executor. */
    private PpiOutcome reboot(PpiExecutor ex) {
        tpm().init();
        return ex.onReset().orElseThrow();
    }

    @Test
    void clearRemovesTheOwnerAuthorizationAndLeavesTheTpmStarted() {
        TpmProbe probe = new TpmProbe(tpm());
        assertEquals(0, probe.startup());
        // owner state: an NV index in the owner hierarchy, where the TPM implements NV indexes
        boolean nv = probe.supportsCommand(0x12A);
        if (nv) {
            assertEquals(0, probe.defineOwnerNvIndex(0x0150_0001));
            assertEquals(List.of(0x0150_0001), probe.nvIndexes());
        }
        assertEquals(0, probe.changeOwnerAuth(new byte[0], SECRET));
        assertTrue(probe.ownerAuthSet());

        PpiExecutor ex = executor(PpiPolicy.CONFIRM);
        guestSubmits(ex, 5, 0);
        PpiOutcome o = reboot(ex);
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        assertEquals(5, page.lppr());
        assertEquals(0, page.pprp());

        // the guest kernel's tpm2_auto_startup: SelfTest succeeds, so it sends no Startup
        assertEquals(0, probe.selfTest());
        assertEquals(TpmProbe.RC_INITIALIZE, probe.startup(), "already started by the executor");
        assertFalse(probe.ownerAuthSet());
        if (nv) {
            assertEquals(List.of(), probe.nvIndexes(), "the owner's NV index is gone");
        }
        assertEquals(0, probe.changeOwnerAuth(new byte[0], SECRET), "the owner's empty auth works again");
    }

    @Test
    void aRefusedClearChangesNothing() {
        TpmProbe probe = new TpmProbe(tpm());
        assertEquals(0, probe.startup());
        assertEquals(0, probe.changeOwnerAuth(new byte[0], SECRET));
        PpiExecutor ex = PpiExecutor.builder(page, tpm()).policy(PpiPolicy.CONFIRM).confirmer(r -> false).build();
        guestSubmits(ex, 5, 0);
        PpiOutcome o = reboot(ex);
        assertEquals(PpiResponse.USER_ABORT, o.response());
        assertEquals(0, probe.startup(), "nothing ran, so the guest starts the TPM itself");
        assertTrue(probe.ownerAuthSet());
    }

    @Test
    void setPcrBanksChangesTheAllocationAfterTheReset() {
        TpmProbe probe = new TpmProbe(tpm());
        assertEquals(0, probe.startup());
        List<Integer> all = probe.allBanks();
        assumeTrue(all.contains(0x000B), "the TPM implements SHA-256");
        PpiExecutor ex = executor(PpiPolicy.ALLOW);

        guestSubmits(ex, 23, PcrBank.SHA256.bit());
        PpiOutcome o = reboot(ex);
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        assertEquals(List.of(0x000B), probe.activeBanks());

        // still so after the next power cycle
        tpm().init();
        assertEquals(0, probe.startup());
        assertEquals(List.of(0x000B), probe.activeBanks());

        guestSubmits(ex, 33, 0);
        o = reboot(ex);
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        List<Integer> known = new ArrayList<>();
        for (int alg : all) {
            if (PcrBank.ofAlgId(alg) != null) {
                known.add(alg);
            }
        }
        assertEquals(known, probe.activeBanks());
    }

    @Test
    void aBankTheTpmLacksIsABiosFailure() {
        TpmProbe probe = new TpmProbe(tpm());
        assertEquals(0, probe.startup());
        assumeTrue(!probe.allBanks().contains(0x0012), "the TPM lacks SM3-256");
        List<Integer> before = probe.activeBanks();
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        guestSubmits(ex, 23, PcrBank.SM3_256.bit() | PcrBank.SHA256.bit());
        assertEquals(PpiResponse.BIOS_FAILURE, reboot(ex).response());
        tpm().init();
        assertEquals(0, probe.startup());
        assertEquals(before, probe.activeBanks());
    }

    @Test
    void garbageInThePageNeverThrowsAndLeavesAWorkingTpm() {
        TpmProbe probe = new TpmProbe(tpm());
        PpiExecutor ex = PpiExecutor.builder(page, tpm()).policy(PpiPolicy.ALLOW).memoryClearer(() -> { }).build();
        java.util.Random rnd = new java.util.Random(2024);
        long[] real = {5, 14, 23, 24, 33, 17, 18, 25, 26, 31, 32};
        for (int round = 0; round < 40; round++) {
            byte[] junk = new byte[PpiPage.SIZE];
            rnd.nextBytes(junk);
            page.buffer().put(junk);
            if (round % 2 == 0) {
                page.setPprq(real[round / 2 % real.length]);
            }
            long op = page.pprq();
            tpm().init();
            java.util.Optional<PpiOutcome> o = ex.onReset();
            assertEquals(op != 0, o.isPresent());
            assertEquals(0, page.pprq());
            if (op != 0) {
                long rp = page.pprp();
                assertTrue(rp == 0 || rp == PpiResponse.BIOS_FAILURE.code(), "round " + round + ": " + o);
            }
            int rc = probe.startup();
            assertTrue(rc == 0 || rc == TpmProbe.RC_INITIALIZE, "startup rc 0x" + Integer.toHexString(rc));
            assertEquals(0, probe.selfTest());
            assertFalse(probe.activeBanks().isEmpty(), "some PCR bank stays active");
        }
    }

    /**
     * What the guest finds once the VMM closed the platform hierarchy: every command authorized
     * by TPM_RH_PLATFORM (empty password, as the guest knows no other) answers TPM_RC_HIERARCHY
     * for its first handle; the PCRs still serve it.
     */
    private static void assertPlatformClosedToTheGuest(TpmProbe guest) {
        int closed = TpmRc.HIERARCHY.handle(1);
        assertFalse(guest.platformHierarchyEnabled(), "phEnable");
        assertEquals(closed, guest.rc(TpmCommands.clear(TpmRh.PLATFORM)), "TPM2_Clear(TPM_RH_PLATFORM)");
        assertEquals(closed, guest.rc(TpmCommands.clearControl(TpmRh.PLATFORM, false)), "TPM2_ClearControl");
        if (guest.supportsCommand(TpmCc.CHANGE_EPS.value())) {
            assertEquals(closed, guest.rc(TpmCommands.changeEps()), "TPM2_ChangeEPS");
        }
        if (guest.supportsCommand(TpmCc.CHANGE_PPS.value())) {
            assertEquals(closed, guest.rc(TpmCommands.changePps()), "TPM2_ChangePPS");
        }
        assertEquals(closed, guest.rc(TpmCommands.pcrAllocate(TpmRh.PLATFORM,
                List.of(new PcrSelection(HashAlgorithm.SHA256, PcrSelection.ALL_PCRS)))), "TPM2_PCR_Allocate");
        assertEquals(closed, guest.rc(TpmCommands.clockSet(TpmRh.PLATFORM, 1L << 40)), "TPM2_ClockSet");
        assertEquals(closed, guest.rc(TpmCommands.hierarchyControl(TpmRh.PLATFORM, TpmRh.PLATFORM, true)),
                "TPM2_HierarchyControl(TPM_RH_PLATFORM, YES)");
        assertEquals(closed, guest.rc(TpmCommands.hierarchyChangeAuth(TpmRh.PLATFORM, new byte[0], SECRET)),
                "TPM2_HierarchyChangeAuth(TPM_RH_PLATFORM)");
        assertEquals(0, guest.rc(TpmCommands.pcrExtend(16,
                List.of(new TaggedHash(HashAlgorithm.SHA256, new byte[32])))), "PCR 16 still extends");
    }

    @Test
    void aClosedPlatformHierarchyRefusesTheGuestsPlatformCommands() throws Exception {
        TpmProbe guest = new TpmProbe(tpm());
        assertEquals(0, guest.startup());
        assertTrue(guest.platformHierarchyEnabled(), "Startup(CLEAR) leaves phEnable SET");
        executor(PpiPolicy.ALLOW).closePlatformHierarchy();
        assertPlatformClosedToTheGuest(guest);
        assertEquals(TpmProbe.RC_INITIALIZE, guest.startup(), "the guest cannot start the TPM anew");
    }

    @Test
    void closingATpmThatWasNotStartedAnewFails() throws Exception {
        TpmProbe guest = new TpmProbe(tpm());
        assertEquals(0, guest.startup());
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        ex.closePlatformHierarchy();
        assertThrows(PlatformHierarchyException.class, ex::closePlatformHierarchy);
        assertPlatformClosedToTheGuest(guest);
    }

    @ParameterizedTest
    @CsvSource({"allow, 0", "confirm, 0", "deny, " + 0xFFFFFFF0L})
    void ppiClearStillRunsAtTheNextResetAfterTheHierarchyWasClosed(String policy, long response) throws Exception {
        TpmProbe guest = new TpmProbe(tpm());
        assertEquals(0, guest.startup());
        assertEquals(0, guest.changeOwnerAuth(new byte[0], SECRET));
        PpiExecutor ex = executor(PpiPolicy.parse(policy));
        ex.closePlatformHierarchy();
        assertPlatformClosedToTheGuest(guest);

        page.setPprq(5);  // the guest's _DSM request: Clear (the memory transport writes PPRQ)
        PpiOutcome o = reboot(ex);
        assertEquals(response, o.response().code(), o.detail());
        assertEquals(response == 0 ? TpmProbe.RC_INITIALIZE : 0, guest.startup(), "started by the executor if it ran");
        assertEquals(response == 0, !guest.ownerAuthSet(), "the owner's auth is gone exactly when the Clear ran");
        ex.closePlatformHierarchy();
        assertPlatformClosedToTheGuest(guest);

        // and again after a reset with nothing pending
        tpm().init();
        assertTrue(ex.onReset().isEmpty());
        assertEquals(0, guest.startup());
        assertTrue(guest.platformHierarchyEnabled(), "_TPM_Init and Startup(CLEAR) open it for the platform");
        ex.closePlatformHierarchy();
        assertPlatformClosedToTheGuest(guest);
    }

    @Test
    void everyPpiTpmOperationRunsAfterAClosedBoot() throws Exception {
        TpmProbe guest = new TpmProbe(tpm());
        assertEquals(0, guest.startup());
        assumeTrue(guest.allBanks().contains(0x000B), "the TPM implements SHA-256");
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        long[][] requests = {{5, 0}, {14, 0}, {21, 0}, {22, 0}, {23, PcrBank.SHA256.bit()}, {33, 0}};
        for (long[] request : requests) {
            ex.closePlatformHierarchy();
            guestSubmits(ex, request[0], request[1]);
            PpiOutcome o = reboot(ex);
            assertEquals(PpiResponse.SUCCESS, o.response(), "operation " + request[0] + ": " + o.detail());
        }
        ex.closePlatformHierarchy();
        boolean eps = guest.supportsCommand(TpmCc.CHANGE_EPS.value());
        guestSubmits(ex, 24, 0);
        PpiOutcome o = reboot(ex);
        assertEquals(eps ? PpiResponse.SUCCESS : PpiResponse.BIOS_FAILURE, o.response(), o.detail());
    }

    @Test
    void changeEpsSucceedsExactlyWhenTheTpmImplementsIt() {
        TpmProbe probe = new TpmProbe(tpm());
        assertEquals(0, probe.startup());
        boolean supported = probe.supportsCommand(0x124);
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        guestSubmits(ex, 24, 0);
        PpiOutcome o = reboot(ex);
        assertEquals(supported ? PpiResponse.SUCCESS : PpiResponse.BIOS_FAILURE, o.response(), o.detail());
    }
}
