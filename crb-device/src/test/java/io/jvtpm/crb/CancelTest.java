package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.LocCtrl;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CTRL_CANCEL (PC Client Platform TPM Profile, CRB interface) reaches the command the backend
 * runs, and a device never has more than one command in its backend: a guest that keeps
 * abandoning a command that does not end (relinquish, request again, CTRL_START) gets no other
 * into the TPM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancelTest {

    @Test
    void ctrlCancelReachesTheRunningCommand() throws Exception {
        StallingTpm tpm = StallingTpm.stalled(StallingTpm.OnCancel.ANSWER_CANCELED);
        try (CrbDevice dev = new CrbDevice(tpm)) {
            dev.write(CrbRegister.LOC_CTRL.offset(0), 4, LocCtrl.REQUEST_ACCESS.mask());
            start(dev, TpmCommands.getRandom(8));
            assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS), "the command reached the TPM");
            assertEquals(1L, dev.read(CrbRegister.CTRL_START.offset(0), 4), "CTRL_START reads 1 while it runs");
            dev.write(CrbRegister.CTRL_CANCEL.offset(0), 4, 1);
            assertEquals(1, tpm.cancelsWhileExecuting(), "cancels " + tpm.cancels());
            assertEquals(TpmRc.CANCELED.value(), TpmResponse.parse(awaitResponse(dev)).rc());
        }
    }

    @Test
    void abandonedCommandsLetNoOtherIntoTheTpmWhileOneRuns() throws Exception {
        FakeTpm fake = new FakeTpm();
        StallingTpm tpm = StallingTpm.around(fake);
        tpm.stall(StallingTpm.OnCancel.KEEP_STALLING);
        try (CrbDevice dev = new CrbDevice(tpm)) {
            dev.write(CrbRegister.LOC_CTRL.offset(0), 4, LocCtrl.REQUEST_ACCESS.mask());
            start(dev, TpmCommands.getRandom(8));
            assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20_000; i++) {
                int locality = i % 4;
                dev.write(CrbRegister.LOC_CTRL.offset(locality), 4, LocCtrl.RELINQUISH.mask());
                dev.write(CrbRegister.LOC_CTRL.offset((locality + 1) % 4), 4, LocCtrl.REQUEST_ACCESS.mask());
                start(dev, (locality + 1) % 4, TpmCommands.getRandom(1 + i % 32));
            }
            assertEquals(1, tpm.commands(), "only the first command reached the TPM");
            assertTrue(tpm.cancels() > 0, "abandoning cancelled in the backend");
            tpm.unstall();
            int active = dev.activeLocality();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dev.read(CrbRegister.CTRL_START.offset(active), 4) != 0) {
                assertTrue(System.nanoTime() < deadline, "the abandoned command never ended");
                Thread.sleep(1);
            }
            assertEquals(1, tpm.commands(), "a CTRL_START while the TPM was busy started nothing");
            assertEquals(1, tpm.maxExecuting(), "one command in the TPM at a time");
            dev.write(CrbRegister.LOC_CTRL.offset(active), 4, LocCtrl.RELINQUISH.mask());
            CrbGuestDriver guest = new CrbGuestDriver(dev, 0);
            assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(guest.transact(TpmCommands.startup(TpmSu.CLEAR))).rc());
            assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(guest.transact(TpmCommands.getRandom(8))).rc());
        }
    }

    @Test
    void ctrlCancelReachesTheEngineWhileItGeneratesAnRsaKey() throws Exception {
        try (InProcessBackend engine = CrbEngineTest.engine(12)) {
            StallingTpm tpm = StallingTpm.around(engine);   // not stalled: it sees when cancel() comes
            try (CrbDevice dev = new CrbDevice(tpm)) {
                CrbGuestDriver guest = new CrbGuestDriver(dev, 0);
                assertEquals(0, TpmResponse.parse(guest.transact(TpmCommands.startup(TpmSu.CLEAR))).rc());
                guest.requestLocality();
                byte[] createPrimary = TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], KeyTemplates.rsaStorage(2048));
                for (int attempt = 0; attempt < 5 && tpm.cancelsWhileExecuting() == 0; attempt++) {
                    guest.cmdReady();
                    start(dev, createPrimary);
                    assertTrue(tpm.awaitExecuting(10, TimeUnit.SECONDS));
                    dev.write(CrbRegister.CTRL_CANCEL.offset(0), 4, 1);
                    int rc = TpmResponse.parse(awaitResponse(dev)).rc();
                    assertTrue(rc == TpmRc.SUCCESS.value() || rc == TpmRc.CANCELED.value(), "rc 0x" + Integer.toHexString(rc));
                    dev.write(CrbRegister.CTRL_CANCEL.offset(0), 4, 0);
                }
                assertTrue(tpm.cancelsWhileExecuting() > 0, "CTRL_CANCEL reached the engine while it ran");
                // a cancel is for the command it came in: the next one runs to the end
                guest.cmdReady();
                assertEquals(TpmRc.SUCCESS.value(), TpmResponse.parse(guest.send(createPrimary)).rc());
            }
        }
    }

    /** Locality 0's command into its buffer, then CTRL_START: the write returns at once. */
    private static void start(CrbDevice dev, byte[] command) {
        start(dev, 0, command);
    }

    private static void start(CrbDevice dev, int locality, byte[] command) {
        dev.write(CrbRegister.CTRL_REQ.offset(locality), 4, 1);
        long buffer = (long) locality * CrbDevice.LOCALITY_STRIDE + CrbDevice.DATA_BUFFER_OFFSET;
        for (int i = 0; i < command.length; i++) {
            dev.write(buffer + i, 1, command[i] & 0xFF);
        }
        dev.write(CrbRegister.CTRL_START.offset(locality), 4, 1);
    }

    /** Polls CTRL_START until it reads 0 and reads locality 0's response. */
    private static byte[] awaitResponse(CrbDevice dev) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dev.read(CrbRegister.CTRL_START.offset(0), 4) != 0) {
            assertTrue(System.nanoTime() < deadline, "no response");
            Thread.sleep(1);
        }
        int size = Integer.reverseBytes((int) dev.read(CrbDevice.DATA_BUFFER_OFFSET + 2, 4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < size; i++) {
            out.write((int) dev.read(CrbDevice.DATA_BUFFER_OFFSET + i, 1));
        }
        return out.toByteArray();
    }
}
