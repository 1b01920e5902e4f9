package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;
import io.jvtpm.tis.register.TisRegister;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TPM_STS.commandCancel (PC Client Platform TPM Profile, FIFO interface) reaches the command the
 * backend runs, and a device never has more than one command in its backend: a guest that keeps
 * abandoning and restarting a command that does not end gets none of the others into the TPM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancelTest {
    private static final long STS = TisRegister.STS.offset();
    private static final long FIFO = TisRegister.DATA_FIFO.offset();

    @Test
    void commandCancelReachesTheRunningCommand() throws Exception {
        StallingTpm tpm = StallingTpm.stalled(StallingTpm.OnCancel.ANSWER_CANCELED);
        try (TisDevice device = new TisDevice(tpm)) {
            device.write(TisRegister.ACCESS.offset(), 1, Access.REQUEST_USE);
            go(device, TpmCommands.getRandom(8));
            assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS), "the command reached the TPM");
            assertEquals(0, device.read(STS, 1) & Sts.DATA_AVAIL, "no answer while it runs");
            device.write(STS, 4, Sts.COMMAND_CANCEL);   // bit 24: byte 3 of TPM_STS
            assertEquals(1, tpm.cancelsWhileExecuting(), "cancels " + tpm.cancels());
            assertEquals(TpmRc.CANCELED.value(), TpmResponse.parse(awaitResponse(device)).rc());
        }
    }

    @Test
    void abandonedAndRestartedCommandsNeverReachTheTpmWhileOneRuns() throws Exception {
        FakeTpm fake = new FakeTpm();
        StallingTpm tpm = StallingTpm.around(fake);
        tpm.stall(StallingTpm.OnCancel.KEEP_STALLING);
        try (TisDevice device = new TisDevice(tpm)) {
            device.write(TisRegister.ACCESS.offset(), 1, Access.REQUEST_USE);
            byte[] first = TpmCommands.getRandom(8);
            go(device, first);
            assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
            byte[] last = null;
            for (int i = 0; i < 20_000; i++) {
                last = TpmCommands.getRandom(1 + i % 32);
                go(device, last);   // commandReady abandons the one before (a cancel), then a new command
            }
            assertEquals(1, tpm.commands(), "only the first command reached the TPM");
            assertTrue(tpm.cancels() > 0, "abandoning cancelled in the backend");
            tpm.unstall();
            byte[] rsp = awaitResponse(device);
            assertEquals(2, tpm.commands(), "the stalled command, then the last one; none between");
            assertEquals(1, tpm.maxExecuting(), "one command in the TPM at a time");
            assertArrayEquals(first, fake.received().get(0).command());
            assertArrayEquals(last, fake.received().get(1).command());
            assertEquals(TpmResponse.parse(rsp).rc(), TpmResponse.parse(fake.execute(0, last)).rc(), "the last command's answer");
        }
    }

    @Test
    void commandCancelReachesTheEngineWhileItGeneratesAnRsaKey() throws Exception {
        try (InProcessBackend engine = InProcessBackend.inMemory(12)) {
            engine.init();
            StallingTpm tpm = StallingTpm.around(engine);   // not stalled: it sees when cancel() comes
            try (TisDevice device = new TisDevice(tpm)) {
                TisDriver driver = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
                driver.requestLocality();
                assertEquals(0, TpmResponse.parse(driver.transmit(TpmCommands.startup(TpmSu.CLEAR))).rc());
                byte[] createPrimary = TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], KeyTemplates.rsaStorage(2048));
                for (int attempt = 0; attempt < 5 && tpm.cancelsWhileExecuting() == 0; attempt++) {
                    go(device, createPrimary);
                    assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
                    device.write(STS, 4, Sts.COMMAND_CANCEL);   // bit 24: byte 3 of TPM_STS
                    int rc = TpmResponse.parse(awaitResponse(device)).rc();
                    assertTrue(rc == TpmRc.SUCCESS.value() || rc == TpmRc.CANCELED.value(), "rc 0x" + Integer.toHexString(rc));
                }
                assertTrue(tpm.cancelsWhileExecuting() > 0, "TPM_STS.commandCancel reached the engine while it ran");
                // a cancel is for the command it came in: the next one runs to the end
                assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(driver.transmit(createPrimary)).rc());
            }
        }
    }

    /** commandReady, the command through TPM_DATA_FIFO, tpmGo: the write returns at once. */
    private static void go(TisDevice device, byte[] command) {
        device.write(STS, 1, Sts.COMMAND_READY);
        for (byte b : command) {
            device.write(FIFO, 1, b & 0xFF);
        }
        device.write(STS, 1, Sts.TPM_GO);
    }

    /** Polls for dataAvail and reads the whole response. */
    private static byte[] awaitResponse(TisDevice device) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((device.read(STS, 1) & Sts.DATA_AVAIL) == 0) {
            assertTrue(System.nanoTime() < deadline, "no response");
            Thread.sleep(1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((device.read(STS, 1) & Sts.DATA_AVAIL) != 0) {
            out.write((int) device.read(FIFO, 1));
        }
        return out.toByteArray();
    }
}
