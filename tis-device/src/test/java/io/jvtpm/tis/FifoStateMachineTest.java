package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.tis.fifo.FifoState;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command/response cycle through TPM_STS and TPM_DATA_FIFO (PTP FIFO protocol, TPM_STS_x). */
class FifoStateMachineTest {
    private final FakeTpm tpm = new FakeTpm();
    private TisDevice device;

    @BeforeEach
    void open() {
        device = new TisDevice(tpm, TisOptions.defaults().withExecutor(Runnable::run));
        device.write(0, 1, Access.REQUEST_USE);
        new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.startup(TpmSu.CLEAR));
    }

    @AfterEach
    void close() {
        device.close();
    }

    private int sts() {
        return (int) device.read(0x18, 4);
    }

    private void writeFifo(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            device.write(0x24, 1, bytes[i] & 0xFF);
        }
    }

    @Test
    void walksThroughEveryState() {
        device.write(0x18, 1, Sts.COMMAND_READY);   // COMPLETION -> READY after the startup
        assertEquals(FifoState.READY, device.state());
        assertEquals(Sts.TPM_FAMILY_2_0 | (4096 << 8) | Sts.COMMAND_READY, sts());
        byte[] cmd = TpmCommands.getRandom(20);
        writeFifo(cmd, 0, 5);
        assertEquals(FifoState.RECEPTION, device.state());
        assertEquals(Sts.TPM_FAMILY_2_0 | ((4096 - 5) << 8) | Sts.STS_VALID | Sts.EXPECT, sts());
        device.write(0x18, 1, Sts.TPM_GO);   // ignored while Expect
        assertEquals(FifoState.RECEPTION, device.state());
        writeFifo(cmd, 5, cmd.length);
        assertEquals(Sts.TPM_FAMILY_2_0 | Sts.STS_VALID, sts(), "Expect = 0, no room offered");
        device.write(0x24, 1, 0x55);   // a byte past the command is dropped
        device.write(0x18, 1, Sts.TPM_GO);
        assertEquals(FifoState.COMPLETION, device.state());
        assertEquals(Sts.TPM_FAMILY_2_0 | (32 << 8) | Sts.STS_VALID | Sts.DATA_AVAIL, sts());
        byte[] rsp = new byte[32];
        for (int i = 0; i < rsp.length; i++) {
            rsp[i] = (byte) device.read(0x24, 1);
            assertEquals(32 - i - 1, (sts() >>> 8) & 0xFFFF, "burstCount counts down");
        }
        assertEquals(Sts.TPM_FAMILY_2_0 | Sts.STS_VALID, sts());
        assertEquals(0xFF, device.read(0x24, 1), "no data left");
        assertEquals(0, TpmWire.responseCode(rsp));
        assertEquals(20, TpmResponse.parse(rsp).randomBytes().length);
        device.write(0x18, 1, Sts.RESPONSE_RETRY);
        assertEquals(Sts.TPM_FAMILY_2_0 | (32 << 8) | Sts.STS_VALID | Sts.DATA_AVAIL, sts());
        byte[] again = new byte[32];
        for (int i = 0; i < again.length; i++) {
            again[i] = (byte) device.read(0x24, 1);
        }
        assertArrayEquals(rsp, again);
        device.write(0x18, 1, Sts.COMMAND_READY);
        assertEquals(FifoState.READY, device.state());
        assertEquals(0xFF, device.read(0x24, 1), "the stale response is gone");
    }

    @Test
    void byteReadOfBurstCountNeverShowsZeroForALargeBuffer() {
        device.write(0x18, 1, Sts.COMMAND_READY);
        assertEquals(0xFF, device.read(0x19, 1));
        assertEquals(0x00, device.read(0x1A, 1));
        assertEquals(0x1000, device.read(0x19, 2));
        assertEquals(0x04, device.read(0x1B, 1), "tpmFamily 01 = TPM 2.0");
    }

    @Test
    void commandReadyAbortsReception() {
        device.write(0x18, 1, Sts.COMMAND_READY);
        writeFifo(TpmCommands.getRandom(8), 0, 7);
        device.write(0x18, 1, Sts.COMMAND_READY);
        assertEquals(FifoState.READY, device.state());
        byte[] rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
        assertEquals(0, TpmWire.responseCode(rsp), "the half-written command left nothing behind");
    }

    @Test
    void writesOutsideReadyAndReceptionAreDropped() {
        device.write(0x18, 1, Sts.COMMAND_READY);
        device.write(0x18, 1, Sts.COMMAND_READY);   // READY stays READY
        assertEquals(FifoState.READY, device.state());
        device.write(0x18, 1, Sts.COMMAND_READY | Sts.TPM_GO);   // two at once: ignored
        assertEquals(FifoState.READY, device.state());
        byte[] rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(4));
        assertEquals(0, TpmWire.responseCode(rsp));
        device.write(0x18, 1, Sts.COMMAND_READY);
        device.write(0x18, 1, Sts.RESPONSE_RETRY);   // not in COMPLETION: ignored
        assertEquals(FifoState.READY, device.state());
    }

    @Test
    void commandLongerThanTheBufferStopsExpectAndGetsTheTpmsError() {
        device.write(0x18, 1, Sts.COMMAND_READY);
        byte[] huge = new byte[5000];
        huge[0] = (byte) 0x80;
        huge[1] = 0x01;
        huge[4] = 0x13;
        huge[5] = (byte) 0x88;   // commandSize 5000
        writeFifo(huge, 0, 4096);
        assertEquals(Sts.EXPECT, sts() & Sts.EXPECT);
        assertEquals(0, (sts() >>> 8) & 0xFFFF, "the buffer is full");
        device.write(0x24, 1, 0);   // one more: Expect drops, the byte is lost
        assertEquals(Sts.STS_VALID, sts() & 0xFF);
        device.write(0x18, 1, Sts.TPM_GO);
        byte[] rsp = readResponse();
        assertEquals(TpmRc.COMMAND_SIZE.value(), TpmWire.responseCode(rsp));
    }

    @Test
    void cancelDuringExecution() throws Exception {
        try (TisDevice async = new TisDevice(tpm)) {
            startHeldGetRandom(async);
            assertEquals(FifoState.EXECUTION, async.state());
            assertEquals(Sts.STS_VALID, async.read(0x18, 1), "no dataAvail while executing");
            assertEquals(0, async.read(0x19, 2), "no burst while executing");
            async.write(0x18, 4, Sts.COMMAND_CANCEL);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((async.read(0x18, 1) & Sts.DATA_AVAIL) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            byte[] rsp = new byte[10];
            for (int i = 0; i < 10; i++) {
                rsp[i] = (byte) async.read(0x24, 1);
            }
            assertEquals(TpmRc.CANCELED.value(), TpmWire.responseCode(rsp));
        }
    }

    /** Locality 0 sends GetRandom(8) with TPM_GO; answers once the backend holds it in EXECUTION. */
    private void startHeldGetRandom(TisDevice async) throws InterruptedException {
        async.write(0, 1, Access.REQUEST_USE);
        tpm.holdNext();
        async.write(0x18, 1, Sts.COMMAND_READY);
        for (byte b : TpmCommands.getRandom(8)) {
            async.write(0x24, 1, b & 0xFF);
        }
        async.write(0x18, 1, Sts.TPM_GO);
        tpm.awaitHeld();
    }

    @Test
    void commandReadyDuringExecutionAbortsAndDropsTheResponse() throws Exception {
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try (TisDevice async = new TisDevice(tpm, TisOptions.defaults().withExecutor(commands))) {
            startHeldGetRandom(async);
            async.write(0x18, 1, Sts.COMMAND_READY);
            assertEquals(FifoState.READY, async.state());
            assertTrue(tpm.cancels() > 0);
            commands.submit(() -> { }).get();   // the late answer has arrived
            assertEquals(FifoState.READY, async.state(), "the late answer did not land");
            byte[] rsp = new TisDriver(async, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
            assertEquals(0, TpmWire.responseCode(rsp));
        } finally {
            commands.shutdownNow();
        }
    }

    @Test
    void backendFailureAnswersTpmRcFailure() {
        tpm.failAlways(new TpmBackendException("swtpm went away"));
        byte[] rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
        assertArrayEquals(FakeTpm.errorResponse(TpmRc.FAILURE.value()), rsp);
        tpm.failAlways(new IllegalStateException("bug"));
        rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
        assertArrayEquals(FakeTpm.errorResponse(TpmRc.FAILURE.value()), rsp);
    }

    @Test
    void failingBackendControlAndInterruptLineThrowNothingAtTheGuest() throws Exception {
        ExecutorService commands = Executors.newSingleThreadExecutor();
        TisOptions options = TisOptions.defaults().withExecutor(commands).withInterrupt(up -> {
            throw new IllegalStateException("VMM line broken");
        }, 5);
        try (TisDevice async = new TisDevice(tpm, options)) {
            async.write(0, 1, Access.REQUEST_USE);
            async.write(0x08, 4, 0x8000_0000L | 0xFF);
            tpm.loseControlChannel();
            tpm.holdNext();
            async.write(0x18, 1, Sts.COMMAND_READY);   // commandReady interrupt: the line throws
            assertTrue(async.interruptAsserted());
            for (byte b : TpmCommands.getRandom(8)) {
                async.write(0x24, 1, b & 0xFF);
            }
            async.write(0x18, 1, Sts.TPM_GO);
            tpm.awaitHeld();
            async.write(0x18, 4, Sts.COMMAND_CANCEL);          // cancel throws inside
            async.write(0x3000, 1, Access.SEIZE);               // so does the abort's cancel
            async.write(0x3018, 4, Sts.RESET_ESTABLISHMENT_BIT); // and the reset
            async.reset();                                      // and refreshEstablished
            tpm.release();
            commands.submit(() -> { }).get();
            assertEquals(FifoState.IDLE, async.state());
        } finally {
            commands.shutdownNow();
        }
    }

    @Test
    void responsesOutsideTheBufferAreReplacedByTpmRcFailure() {
        tpm.answerAlways(new byte[4097]);
        byte[] rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
        assertArrayEquals(FakeTpm.errorResponse(TpmRc.FAILURE.value()), rsp);
        tpm.answerAlways(new byte[3]);
        rsp = new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.getRandom(8));
        assertArrayEquals(FakeTpm.errorResponse(TpmRc.FAILURE.value()), rsp);
    }

    @Test
    void selfTestDoneAfterASuccessfulSelfTest() {
        assertEquals(0, sts() & Sts.SELF_TEST_DONE);
        new TisDriver(device, 0, TisDriver.Transfer.BYTE).transmit(TpmCommands.selfTest(false));
        assertEquals(Sts.SELF_TEST_DONE, sts() & Sts.SELF_TEST_DONE);
        device.reset();
        device.write(0, 1, Access.REQUEST_USE);
        assertEquals(0, sts() & Sts.SELF_TEST_DONE);
    }

    @Test
    void establishmentBitComesFromTheBackendAndResetsOnlyFromLocalityThree() {
        tpm.setEstablished(true);
        device.reset();
        assertEquals(0x80, device.read(0, 1), "established: tpmEstablishment reads 0");
        device.write(0, 1, Access.REQUEST_USE);
        device.write(0x18, 4, Sts.RESET_ESTABLISHMENT_BIT);
        assertEquals(0, device.read(0, 1) & Access.TPM_ESTABLISHMENT, "ignored from locality 0");
        device.write(0x3000, 1, Access.SEIZE);
        device.write(0x3018, 4, Sts.RESET_ESTABLISHMENT_BIT);
        assertEquals(Access.TPM_ESTABLISHMENT, device.read(0x3000, 1) & Access.TPM_ESTABLISHMENT);
    }

    @Test
    void resetDropsEverything() {
        device.write(0x18, 1, Sts.COMMAND_READY);
        writeFifo(TpmCommands.getRandom(8), 0, 12);
        device.write(0x18, 1, Sts.TPM_GO);
        device.reset();
        assertEquals(-1, device.activeLocality());
        assertEquals(FifoState.IDLE, device.state());
        device.write(0, 1, Access.REQUEST_USE);
        assertEquals(Sts.TPM_FAMILY_2_0, sts());
        assertEquals(0xFF, device.read(0x24, 1));
    }

    private byte[] readResponse() {
        byte[] head = new byte[10];
        for (int i = 0; i < 10; i++) {
            head[i] = (byte) device.read(0x24, 1);
        }
        int size = TpmWire.u32(head, 2);
        byte[] rsp = Arrays.copyOf(head, size);
        for (int i = 10; i < size; i++) {
            rsp[i] = (byte) device.read(0x24, 1);
        }
        return rsp;
    }
}
