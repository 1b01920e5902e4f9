package io.jvtpm.ppi.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.ppi.op.PpFlag;
import io.jvtpm.ppi.op.PpFlagStore;
import io.jvtpm.ppi.op.PpFlags;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.ConfirmationRequest;
import io.jvtpm.ppi.policy.Confirmer;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PpiExecutorTest {

    private final PpiPage page = PpiPage.allocate();
    private final FakeTpm tpm = new FakeTpm();

    private PpiExecutor executor(PpiPolicy policy) {
        return PpiExecutor.builder(page, tpm).policy(policy).build();
    }

    private PpiOutcome reset(PpiExecutor ex) {
        Optional<PpiOutcome> o = ex.onReset();
        assertTrue(o.isPresent(), "an operation was pending");
        return o.get();
    }

    private static String hex(byte[] command) {
        return HexFormat.of().formatHex(command);
    }

    private void request(long op, long param) {
        page.setPprq(op);
        page.setPprm(param);
    }

    private void assertRecorded(long op, PpiResponse response) {
        assertEquals(op, page.lppr(), "LPPR");
        assertEquals(response.code(), page.pprp(), "PPRP");
        assertEquals(0, page.pprq(), "PPRQ cleared");
        assertEquals(0, page.pprm(), "PPRM cleared");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 14, 21, 22})
    void clearOperationsSendClearControlAndClearWithPlatformAuthority(int op) {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        request(op, 0);
        PpiOutcome o = reset(ex);
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        assertRecorded(op, PpiResponse.SUCCESS);
        assertEquals(List.of("Startup", "ClearControl", "Clear", "init", "Startup"), tpm.log());
        assertEquals(hex(TpmCommands.startup(TpmSu.CLEAR)), tpm.hex(0));
        assertEquals(hex(TpmCommands.clearControl(TpmRh.PLATFORM, false)), tpm.hex(1));
        assertEquals(hex(TpmCommands.clear(TpmRh.PLATFORM)), tpm.hex(2));
        assertFalse(tpm.ownerAuthSet());
        assertTrue(tpm.started(), "the TPM is left started, as firmware leaves it");
    }

    @Test
    void closingThePlatformHierarchySetsAFreshRandomPlatformAuthThenClearsPhEnable() throws Exception {
        tpm.answerAlways(FakeTpm.errorResponse(0));
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        ex.closePlatformHierarchy();
        ex.closePlatformHierarchy();
        List<byte[]> sent = tpm.commands();
        assertEquals(4, sent.size());
        // HierarchyChangeAuth: header, authHandle, authorizationSize, empty TPM_RS_PW session, newAuth
        int newAuth = 10 + 4 + 4 + 9 + 2;
        byte[] first = Arrays.copyOfRange(sent.get(0), newAuth, newAuth + PpiExecutor.PLATFORM_AUTH_SIZE);
        byte[] second = Arrays.copyOfRange(sent.get(2), newAuth, newAuth + PpiExecutor.PLATFORM_AUTH_SIZE);
        assertEquals(hex(TpmCommands.hierarchyChangeAuth(TpmRh.PLATFORM, new byte[0], first)), tpm.hex(0));
        assertEquals(hex(TpmCommands.hierarchyControl(TpmRh.PLATFORM, first, TpmRh.PLATFORM, false)), tpm.hex(1));
        assertEquals(hex(TpmCommands.hierarchyChangeAuth(TpmRh.PLATFORM, new byte[0], second)), tpm.hex(2));
        assertEquals(hex(TpmCommands.hierarchyControl(TpmRh.PLATFORM, second, TpmRh.PLATFORM, false)), tpm.hex(3));
        assertFalse(Arrays.equals(first, second), "a new random platformAuth at every boot");
        assertFalse(Arrays.equals(new byte[PpiExecutor.PLATFORM_AUTH_SIZE], first));
    }

    @Test
    void aTpmThatRefusesToCloseIsAnException() {
        tpm.answerNext(FakeTpm.errorResponse(TpmRc.BAD_AUTH.session(1)));
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        PlatformHierarchyException e = assertThrows(PlatformHierarchyException.class, ex::closePlatformHierarchy);
        assertTrue(e.getMessage().contains("TPM2_HierarchyChangeAuth(TPM_RH_PLATFORM)"), e.getMessage());
        assertEquals(1, tpm.commands().size(), "HierarchyControl is not sent after a refusal");
    }

    @Test
    void nothingPendingTouchesNeitherTpmNorResponse() {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        page.setLppr(5);
        page.setPprp(PpiResponse.USER_ABORT.code());
        assertTrue(ex.onReset().isEmpty());
        assertTrue(tpm.log().isEmpty());
        assertEquals(5, page.lppr());
        assertEquals(PpiResponse.USER_ABORT.code(), page.pprp());
    }

    @Test
    void confirmedClearRunsAndRefusedClearAborts() {
        List<ConfirmationRequest> asked = new ArrayList<>();
        PpiExecutor yes = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmer(r -> asked.add(r)).build();
        request(5, 0);
        assertEquals(PpiResponse.SUCCESS, reset(yes).response());
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).prompt().contains("clear the TPM"), asked.get(0).prompt());

        tpm.clearRecords();
        PpiExecutor no = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM).confirmer(r -> false).build();
        request(5, 0);
        assertEquals(PpiResponse.USER_ABORT, reset(no).response());
        assertRecorded(5, PpiResponse.USER_ABORT);
        assertTrue(tpm.log().isEmpty(), "nothing sent to the TPM: " + tpm.log());
    }

    @Test
    void noAnswerWithinTheTimeoutIsARefusal() {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmTimeout(Duration.ofMillis(100))
                .confirmer(r -> {
                    Thread.sleep(60_000);
                    return true;
                }).build();
        request(5, 0);
        assertEquals(PpiResponse.USER_ABORT, reset(ex).response());
        assertTrue(tpm.log().isEmpty());
    }

    @Test
    void aSilentConsoleTimesOutAndItsPromptDoesNotLinger() throws Exception {
        java.io.PipedWriter keyboard = new java.io.PipedWriter();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.PipedReader(keyboard));
        java.io.StringWriter screen = new java.io.StringWriter();
        io.jvtpm.ppi.policy.LineConfirmer console =
                new io.jvtpm.ppi.policy.LineConfirmer(in, new java.io.PrintWriter(screen));
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmTimeout(Duration.ofMillis(200)).confirmer(console).build();
        request(5, 0);
        assertEquals(PpiResponse.USER_ABORT, reset(ex).response());
        assertTrue(screen.toString().contains("PPI operation 5"), screen.toString());
        // the operator answers the next prompt: the abandoned one must not have taken the line
        request(14, 0);
        Thread answer = new Thread(() -> {
            try {
                Thread.sleep(100);
                keyboard.write("y\n");
                keyboard.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        PpiExecutor patient = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmTimeout(Duration.ofSeconds(10)).confirmer(console).build();
        answer.start();
        assertEquals(PpiResponse.SUCCESS, reset(patient).response());
        answer.join();
    }

    @Test
    void aConfirmerThatThrowsIsARefusal() {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmer(r -> {
                    throw new IllegalStateException("console gone");
                }).build();
        request(5, 0);
        assertEquals(PpiResponse.USER_ABORT, reset(ex).response());
    }

    @Test
    void denyRefusesOnlyWhatNeedsPhysicalPresence() {
        PpiExecutor ex = executor(PpiPolicy.DENY);
        request(5, 0);
        assertEquals(PpiResponse.USER_ABORT, reset(ex).response());
        request(17, 0); // SetPPRequiredForClear_True never needs PP
        assertEquals(PpiResponse.SUCCESS, reset(ex).response());
        request(18, 0); // SetPPRequiredForClear_False always does
        assertEquals(PpiResponse.USER_ABORT, reset(ex).response());
        assertTrue(ex.flags().has(PpFlag.PP_REQUIRED_FOR_CLEAR));
    }

    @Test
    void flagOperationsPersistAndChangeWhatNeedsConfirmation(@TempDir Path dir) {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.DENY.with(
                io.jvtpm.ppi.op.PpiOperation.SET_PP_REQUIRED_FOR_CLEAR_FALSE, io.jvtpm.ppi.policy.PolicyMode.ALLOW))
                .flagStore(PpFlagStore.inDirectory(dir)).build();
        assertEquals(0x12, page.funcByte(5), "clear blocked while PP is required for it");
        request(18, 0);
        assertEquals(PpiResponse.SUCCESS, reset(ex).response());
        assertFalse(ex.flags().has(PpFlag.PP_REQUIRED_FOR_CLEAR));
        assertEquals(0x14, page.funcByte(5), "func[] rewritten: clear now allowed without PP");
        assertFalse(PpFlagStore.inDirectory(dir).load().has(PpFlag.PP_REQUIRED_FOR_CLEAR), "persisted");
        request(5, 0);
        assertEquals(PpiResponse.SUCCESS, reset(ex).response());

        // a new executor (next VM start) sees the stored flags
        PpiExecutor again = PpiExecutor.builder(PpiPage.allocate(), tpm).policy(PpiPolicy.DENY)
                .flagStore(PpFlagStore.inDirectory(dir)).build();
        assertEquals(PpiResponse.SUCCESS.code(), 0);
        assertFalse(again.flags().has(PpFlag.PP_REQUIRED_FOR_CLEAR));
        assertEquals(0x14, again.page().funcByte(5));
    }

    @Test
    void setPcrBanksAllocatesTheBitmapAndItIsActiveAfterTheReset() {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        assertEquals(List.of(0x0004, 0x000B), tpm.activeBanks());
        request(23, 0x02 | 0x04);
        PpiOutcome o = reset(ex);
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        assertEquals(List.of("Startup", "GetCapability", "PCR_Allocate", "init", "Startup"), tpm.log());
        assertEquals(List.of(0x000B, 0x000C), tpm.activeBanks());
        assertEquals(hex(TpmCommands.pcrAllocate(TpmRh.PLATFORM, List.of(new PcrSelection(HashAlgorithm.SHA1, 0),
                new PcrSelection(HashAlgorithm.SHA256, PcrSelection.ALL_PCRS),
                new PcrSelection(HashAlgorithm.SHA384, PcrSelection.ALL_PCRS),
                new PcrSelection(HashAlgorithm.SHA512, 0)))), tpm.hex(2));
    }

    @Test
    void logAllDigestsActivatesEverySupportedBank() {
        PpiExecutor ex = executor(PpiPolicy.DENY);
        request(33, 0);
        assertEquals(PpiResponse.SUCCESS, reset(ex).response());
        assertEquals(List.of(0x0004, 0x000B, 0x000C, 0x000D), tpm.activeBanks());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x00, 0x10, 0x20, 0xFFFF_FFFFL})
    void setPcrBanksWithAnEmptyOrUnsupportedBitmapFails(long bitmap) {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        request(23, bitmap);
        assertEquals(PpiResponse.BIOS_FAILURE, reset(ex).response());
        assertRecorded(23, PpiResponse.BIOS_FAILURE);
        assertFalse(tpm.log().contains("PCR_Allocate"));
        assertEquals(List.of(0x0004, 0x000B), tpm.activeBanks());
    }

    @Test
    void anOperationTheTpmDoesNotSupportFailsAndIsNotFaked() {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        request(24, 0);
        PpiOutcome o = reset(ex);
        assertEquals(PpiResponse.BIOS_FAILURE, o.response());
        assertTrue(o.detail().contains("0x143"), o.detail());
        assertRecorded(24, PpiResponse.BIOS_FAILURE);
    }

    @Test
    void aTpmErrorInTheMiddleFails() {
        tpm.failCommand(TpmCc.CLEAR.value());
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        request(5, 0);
        assertEquals(PpiResponse.BIOS_FAILURE, reset(ex).response());
        assertTrue(tpm.ownerAuthSet());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 27, 34, 96, 128, 255, 256, 0x8000_0000L, 0xFFFF_FFFFL})
    void unimplementedOperationsFailWithoutTouchingTheTpm(long op) {
        PpiExecutor ex = executor(PpiPolicy.ALLOW);
        request(op, 7);
        assertEquals(PpiResponse.BIOS_FAILURE, reset(ex).response());
        assertRecorded(op, PpiResponse.BIOS_FAILURE);
        assertTrue(tpm.log().isEmpty());
    }

    @Test
    void aFailingBackendIsABiosFailureNotAnException() {
        FakeTpm failing = new FakeTpm();
        failing.failAlways(new TpmBackendException("swtpm went away"));
        PpiExecutor ex = PpiExecutor.builder(page, failing).policy(PpiPolicy.ALLOW).build();
        request(5, 0);
        assertEquals(PpiResponse.BIOS_FAILURE, reset(ex).response());
    }

    @Test
    void morBitAsksTheVmmToClearMemoryOnceAndIsThenCleared() {
        AtomicInteger clears = new AtomicInteger();
        PpiExecutor ex = PpiExecutor.builder(page, tpm).memoryClearer(clears::incrementAndGet).build();
        ex.onReset();
        assertEquals(0, clears.get());
        page.setMovv(0x01);
        ex.onReset();
        assertEquals(1, clears.get());
        assertEquals(0, page.movv(), "the request is done: ClearMemory is 0 before the OS runs");
        ex.onReset();
        assertEquals(1, clears.get(), "no clear until the OS sets the bit again");
        page.setMovv(0x11);
        ex.onReset();
        assertEquals(2, clears.get());
        assertEquals(0x10, page.movv(), "DisableAutoDetect stays");
        ex.onReset();
        assertEquals(2, clears.get(), "DisableAutoDetect alone asks for nothing");
    }

    @Test
    void aFailedMemoryClearIsPassedOnAndKeepsTheRequest() {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).memoryClearer(() -> {
            throw new IllegalStateException("cannot write guest RAM");
        }).build();
        page.setMovv(0x01);
        assertThrows(IllegalStateException.class, ex::onReset);
        assertEquals(1, page.movv(), "the clear did not happen: the request stays for the next reset");
    }

    @Test
    void funcTableFollowsPolicyAndFlags() {
        executor(PpiPolicy.CONFIRM);
        assertEquals(1, page.ppin());
        assertEquals(0x14, page.funcByte(0));
        assertEquals(0x13, page.funcByte(5));
        assertEquals(0x14, page.funcByte(17));
        assertEquals(0x13, page.funcByte(18));
        assertEquals(0x13, page.funcByte(23));
        assertEquals(0x13, page.funcByte(24));
        assertEquals(0x14, page.funcByte(33));
        assertEquals(0x00, page.funcByte(1));
        assertEquals(0x00, page.funcByte(34));
        assertEquals(0x00, page.funcByte(128));
        executor(PpiPolicy.ALLOW);
        assertEquals(0x14, page.funcByte(5));
        executor(PpiPolicy.DENY);
        assertEquals(0x12, page.funcByte(5));
        assertEquals(0x14, page.funcByte(26));
    }

    @Test
    void aGarbagePageIsHandledWithoutException() {
        Random rnd = new Random(0x5eed);
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.ALLOW)
                .memoryClearer(() -> { }).build();
        for (int round = 0; round < 500; round++) {
            byte[] junk = new byte[PpiPage.SIZE];
            rnd.nextBytes(junk);
            if (round % 5 == 0) {
                junk[PpiPage.PPRQ] = (byte) new int[] {5, 23, 24, 33, 18}[round / 5 % 5];
                junk[PpiPage.PPRQ + 1] = 0;
                junk[PpiPage.PPRQ + 2] = 0;
                junk[PpiPage.PPRQ + 3] = 0;
            }
            page.buffer().put(junk);
            long op = page.pprq();
            Optional<PpiOutcome> o = ex.onReset();
            assertEquals(op != 0, o.isPresent());
            assertEquals(0, page.pprq());
            if (op != 0) {
                assertEquals(op, page.lppr());
                long rp = page.pprp();
                assertTrue(rp == 0 || rp == PpiResponse.USER_ABORT.code() || rp == PpiResponse.BIOS_FAILURE.code());
            }
            assertEquals(1, page.ppin());
            assertEquals(0x14, page.funcByte(5));
            assertEquals(0, page.funcByte(1));
        }
    }

    @Test
    void defaultFlagsRequireConfirmationForClearPcrsAndEps() {
        assertEquals(PpFlags.DEFAULT, PpFlagStore.inMemory().load());
        assertTrue(PpFlags.DEFAULT.has(PpFlag.PP_REQUIRED_FOR_CLEAR));
        assertTrue(PpFlags.DEFAULT.has(PpFlag.PP_REQUIRED_FOR_CHANGE_PCRS));
        assertTrue(PpFlags.DEFAULT.has(PpFlag.PP_REQUIRED_FOR_CHANGE_EPS));
    }

    @Test
    void confirmerRefuseAllSaysNo() throws Exception {
        assertFalse(Confirmer.refuseAll().confirm(new ConfirmationRequest(
                io.jvtpm.ppi.op.PpiOperation.CLEAR, 0)));
    }
}
