package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.tis.fifo.FifoState;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Locality arbitration through TPM_ACCESS (PTP "Locality Usage", TPM_ACCESS_x). */
class LocalityTest {
    private final FakeTpm tpm = new FakeTpm();
    private final TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(Runnable::run));

    @AfterEach
    void close() {
        device.close();
    }

    private int access(int locality) {
        return (int) device.read(locality * 0x1000L, 1);
    }

    private void writeAccess(int locality, int value) {
        device.write(locality * 0x1000L, 1, value);
    }

    @Test
    void requestUseGrantsAtOnceWhenNoneIsActive() {
        writeAccess(0, Access.REQUEST_USE);
        assertEquals(0xA1, access(0));
        assertEquals(0, device.activeLocality());
        writeAccess(0, Access.ACTIVE_LOCALITY);
        assertEquals(0x81, access(0));
        assertEquals(-1, device.activeLocality());
    }

    @Test
    void pendingRequestIsHandedOverOnRelinquish() {
        writeAccess(0, Access.REQUEST_USE);
        writeAccess(2, Access.REQUEST_USE);
        writeAccess(1, Access.REQUEST_USE);
        assertEquals(0xA1 | Access.PENDING_REQUEST, access(0));
        assertEquals(0x81 | Access.REQUEST_USE | Access.PENDING_REQUEST, access(2));
        writeAccess(0, Access.ACTIVE_LOCALITY);
        assertEquals(2, device.activeLocality(), "the highest waiting locality wins");
        assertEquals(0x81 | Access.PENDING_REQUEST, access(0));
        writeAccess(1, Access.ACTIVE_LOCALITY);   // withdraws locality 1's request
        assertEquals(0x81, access(1));
        assertEquals(0xA1, access(2));
        writeAccess(2, Access.ACTIVE_LOCALITY);
        assertEquals(-1, device.activeLocality());
    }

    @Test
    void seizeByHigherLocalitySetsBeenSeized() {
        writeAccess(1, Access.REQUEST_USE);
        writeAccess(0, Access.SEIZE);   // lower: ignored
        assertEquals(1, device.activeLocality());
        writeAccess(3, Access.SEIZE);
        assertEquals(3, device.activeLocality());
        assertEquals(0x81 | Access.BEEN_SEIZED, access(1));
        assertEquals(0, access(3) & Access.SEIZE, "Seize reads 0");
        writeAccess(1, Access.BEEN_SEIZED);
        assertEquals(0x81, access(1));
    }

    @Test
    void localityFourWritesAreDropped() {
        writeAccess(4, Access.REQUEST_USE);
        assertEquals(-1, device.activeLocality());
        writeAccess(0, Access.REQUEST_USE);
        writeAccess(4, Access.SEIZE);
        assertEquals(0, device.activeLocality());
    }

    @Test
    void localitySwitchAbandonsTheCommandAndItsResponse() {
        TisDriver zero = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
        zero.requestLocality();
        zero.transmit(TpmCommands.startup(TpmSu.CLEAR));
        zero.commandReady();
        // locality 0 runs GetRandom, leaves the response unread; locality 2 waits and gets the TPM
        device.write(0x18, 1, Sts.COMMAND_READY);
        for (byte b : TpmCommands.getRandom(16)) {
            device.write(0x24, 1, b & 0xFF);
        }
        device.write(0x18, 1, Sts.TPM_GO);
        assertEquals(FifoState.COMPLETION, device.state());
        writeAccess(2, Access.REQUEST_USE);
        writeAccess(0, Access.ACTIVE_LOCALITY);
        assertEquals(2, device.activeLocality());
        assertEquals(FifoState.IDLE, device.state());
        assertEquals(0xFF, device.read(0x2024, 1), "locality 2 sees no data");
        assertEquals(0, device.read(0x2018, 1) & Sts.DATA_AVAIL);
        // back to locality 0: the response is gone
        writeAccess(0, Access.REQUEST_USE);
        writeAccess(2, Access.ACTIVE_LOCALITY);
        assertEquals(0, device.activeLocality());
        assertEquals(0xFF, device.read(0x24, 1));
        assertEquals(0, device.read(0x18, 1) & Sts.DATA_AVAIL);
    }

    @Test
    void seizeCancelsAnExecutingCommand() throws Exception {
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try (TisDevice async = new TisDevice(tpm, TisOptions.defaults().withExecutor(commands))) {
            startHeldCommandAtLocalityZero(async);
            assertEquals(FifoState.EXECUTION, async.state());
            async.write(0x3000, 1, Access.SEIZE);
            assertEquals(3, async.activeLocality());
            assertTrue(tpm.cancels() > 0, "backend.cancel() called");
            commands.submit(() -> { }).get();   // the cancelled command's answer has arrived and been dropped
            assertEquals(FifoState.IDLE, async.state());
            assertEquals(0xFF, async.read(0x3024, 1));
            TisDriver three = new TisDriver(async, 3, TisDriver.Transfer.BYTE);
            byte[] rsp = three.transmit(TpmCommands.getRandom(8));
            assertEquals(0, TpmWire.responseCode(rsp));
            assertEquals(8, TpmResponse.parse(rsp).randomBytes().length);
        } finally {
            commands.shutdownNow();
        }
    }

    /**
     * A command started while the seized locality's command is still in the TPM (its cancel was
     * lost) waits for it: the TPM never has two commands of the device at once, and the old
     * response is dropped.
     */
    @Test
    void aCommandOfTheNewLocalityWaitsForTheAbandonedOne() throws Exception {
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try (TisDevice async = new TisDevice(tpm, TisOptions.defaults().withExecutor(commands))) {
            startHeldCommandAtLocalityZero(async);
            tpm.loseControlChannel();   // the cancel the seize sends is lost: the command stays in the TPM
            async.write(0x3000, 1, Access.SEIZE);
            go(async, 3, TpmCommands.getRandom(16));
            assertEquals(FifoState.EXECUTION, async.state());
            assertEquals(List.of(0, 0), tpm.localities(), "locality 3's command waits");
            tpm.release();
            commands.submit(() -> { }).get();   // both commands have run
            assertEquals(List.of(0, 0, 3), tpm.localities());
            assertEquals(FifoState.COMPLETION, async.state());
            assertEquals(Sts.DATA_AVAIL, async.read(0x3018, 1) & Sts.DATA_AVAIL);
            assertEquals(0x80, async.read(0x3024, 1), "locality 3 reads its own response");
            assertEquals(0x01, async.read(0x3024, 1));
            for (int i = 0; i < 3; i++) {
                async.read(0x3024, 1);
            }
            assertEquals(10 + 2 + 16, async.read(0x3024, 1), "the size of a 16-byte GetRandom response");
        } finally {
            commands.shutdownNow();
        }
    }

    /** Locality 0 starts the TPM, then sends a GetRandom that the TPM holds. */
    private void startHeldCommandAtLocalityZero(TisDevice async) throws InterruptedException {
        TisDriver zero = new TisDriver(async, 0, TisDriver.Transfer.BYTE);
        zero.requestLocality();
        zero.transmit(TpmCommands.startup(TpmSu.CLEAR));
        tpm.holdNext();
        go(async, 0, TpmCommands.getRandom(8));
        tpm.awaitHeld();
    }

    /** commandReady, the command byte by byte, tpmGo, from {@code locality}. */
    private static void go(TisDevice async, int locality, byte[] command) {
        long page = locality * 0x1000L;
        async.write(page + 0x18, 1, Sts.COMMAND_READY);
        for (byte b : command) {
            async.write(page + 0x24, 1, b & 0xFF);
        }
        async.write(page + 0x18, 1, Sts.TPM_GO);
    }
}
