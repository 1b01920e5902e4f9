package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stalling double holds commands as it says, lets them go on cancel or unstall, and counts truly. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StallingTpmTest {

    @Test
    void notStalledItForwards() {
        FakeTpm fake = new FakeTpm();
        StallingTpm tpm = StallingTpm.around(fake);
        assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(tpm.execute(0, TpmCommands.startup(TpmSu.CLEAR))).rc());
        tpm.cancel();
        assertEquals(1, tpm.commands());
        assertEquals(1, tpm.cancels());
        assertEquals(0, tpm.cancelsWhileExecuting(), "nothing ran when the cancel came");
        assertEquals(1, fake.cancels(), "the cancel went on to the TPM behind");
    }

    @Test
    void aCancelEndsAStalledCommandThatAnswersCancels() throws Exception {
        StallingTpm tpm = StallingTpm.stalled(StallingTpm.OnCancel.ANSWER_CANCELED);
        CompletableFuture<byte[]> rsp = CompletableFuture.supplyAsync(() -> tpm.execute(0, TpmCommands.getRandom(8)));
        assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertFalse(rsp.isDone(), "a stalled command answered");
        tpm.cancel();
        assertEquals(TpmRc.CANCELED.value(), TpmResponse.parse(rsp.get(10, TimeUnit.SECONDS)).rc());
        assertEquals(1, tpm.cancelsWhileExecuting());
        assertEquals(0, tpm.executing());
    }

    @Test
    void aTpmThatNeverAnswersIgnoresCancelsUntilUnstalled() throws Exception {
        StallingTpm tpm = StallingTpm.stalled(StallingTpm.OnCancel.KEEP_STALLING);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> tpm.execute(0, TpmCommands.startup(TpmSu.CLEAR)));
        CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> tpm.execute(1, TpmCommands.getRandom(8)));
        while (tpm.executing() < 2) {
            Thread.sleep(1);
        }
        tpm.cancel();
        Thread.sleep(50);
        assertFalse(first.isDone() || second.isDone(), "a cancel ended a command of a TPM that never answers");
        assertEquals(2, tpm.maxExecuting());
        tpm.unstall();
        int a = TpmResponse.parse(first.get(10, TimeUnit.SECONDS)).rc();
        int b = TpmResponse.parse(second.get(10, TimeUnit.SECONDS)).rc();
        assertTrue(a != TpmRc.CANCELED.value() && b != TpmRc.CANCELED.value(), "the TPM behind answered both");
        assertEquals(1, tpm.cancelsWhileExecuting());
    }

    @Test
    void aCancelBeforeACommandDoesNotEndIt() throws Exception {
        StallingTpm tpm = StallingTpm.stalled(StallingTpm.OnCancel.ANSWER_CANCELED);
        tpm.cancel();
        CompletableFuture<byte[]> rsp = CompletableFuture.supplyAsync(() -> tpm.execute(0, TpmCommands.startup(TpmSu.CLEAR)));
        assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertFalse(rsp.isDone(), "an earlier cancel ended a later command");
        tpm.unstall();
        assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(rsp.get(10, TimeUnit.SECONDS)).rc());
    }
}
