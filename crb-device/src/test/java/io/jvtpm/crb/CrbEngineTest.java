package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRB device in front of the in-process engine, and the engine beside a real swtpm through CRB. */
class CrbEngineTest {

    /** An engine powered on the way a VMM does it for CRB: buffer size set while stopped, then _TPM_Init. */
    static InProcessBackend engine(long seed) {
        InProcessBackend tpm = InProcessBackend.inMemory(seed);
        tpm.setBufferSize(CrbDevice.DATA_BUFFER_MAX);
        tpm.init();
        return tpm;
    }

    @Test
    void deviceShrinksTheEngineBufferToThePageBeforePowerOn() {
        try (InProcessBackend tpm = InProcessBackend.inMemory(5); CrbDevice dev = new CrbDevice(tpm)) {
            assertEquals(CrbDevice.DATA_BUFFER_MAX, tpm.bufferSize());
            assertEquals(CrbDevice.DATA_BUFFER_MAX, dev.commandBufferSize());
        }
        try (InProcessBackend tpm = InProcessBackend.inMemory(6)) {
            tpm.init();
            int running = tpm.bufferSize();
            try (CrbDevice dev = new CrbDevice(tpm)) {
                assertEquals(running, tpm.bufferSize(), "a running TPM keeps its size");
                assertEquals(Math.min(running, CrbDevice.DATA_BUFFER_MAX), dev.commandBufferSize());
            }
        }
    }

    @Test
    void conformanceScriptThroughCrb() {
        try (InProcessBackend tpm = engine(1); CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            assertEquals(0, TpmWire.responseCode(new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR))));
            CrbConformance.assertConforms(CrbConformance.run(dev));
            assertEquals(0, dev.internalErrors());
        }
    }

    /**
     * A command the engine calls quick runs inside the CTRL_START write; one that may generate a
     * key goes to the executor.
     */
    @Test
    void quickCommandsRunInsideTheStartWrite() {
        java.util.concurrent.atomic.AtomicInteger offloaded = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor counting = r -> {
            offloaded.incrementAndGet();
            new Thread(r).start();
        };
        try (InProcessBackend tpm = engine(3);
             CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(counting))) {
            dev.reset();
            CrbGuestDriver d = new CrbGuestDriver(dev, 0);
            assertEquals(0, TpmWire.responseCode(d.transact(TpmCommands.startup(TpmSu.CLEAR))));
            assertEquals(0, TpmWire.responseCode(d.transact(TpmCommands.getRandom(16))));
            assertEquals(0, offloaded.get(), "quick commands never reach the executor");
            byte[] createPrimary = CommandBuilder.of(TpmCc.CREATE_PRIMARY).build(); // a header with no handle or parameters
            org.junit.jupiter.api.Assertions.assertNotEquals(0, TpmWire.responseCode(d.transact(createPrimary)),
                    "a CreatePrimary without its parameters gets an error response");
            assertEquals(1, offloaded.get(), "CreatePrimary runs on the executor");
        }
    }

    @Test
    void interruptDrivenDriverOnTheEngine() throws Exception {
        java.util.concurrent.Semaphore irq = new java.util.concurrent.Semaphore(0);
        try (InProcessBackend tpm = engine(2);
             CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withInterrupt(up -> {
                 if (up) {
                     irq.release();
                 }
             }))) {
            dev.reset();
            CrbGuestDriver d = new CrbGuestDriver(dev, 0, CrbGuestDriver.Wait.INTERRUPT, irq);
            d.requestLocality();
            d.cmdReady();
            assertEquals(0, TpmWire.responseCode(d.send(TpmCommands.startup(TpmSu.CLEAR))));
            byte[] rsp = d.send(TpmCommands.getRandom(32));
            assertEquals(0, TpmWire.responseCode(rsp));
            assertEquals(44, rsp.length);
            d.goIdle();
            d.relinquish();
        }
    }

    @Test
    void seabiosThenLinuxBootTraces() throws Exception {
        try (InProcessBackend tpm = engine(3); CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            TraceReplay.replayFirmwareThenKernel(dev);
        }
    }

    /** The same script through the same device gives the same outcomes on the engine and on libtpms. */
    @Test
    @Tag("peer")
    void sameOutcomesAsSwtpm(@TempDir Path state) throws Exception {
        List<CrbConformance.Outcome> fromSwtpm;
        try (Swtpm swtpm = Swtpm.start(state, Swtpm.Power.STARTED); SwtpmClientBackend tpm = swtpm.connect();
                CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            fromSwtpm = CrbConformance.run(dev);
        }
        List<CrbConformance.Outcome> fromEngine;
        try (InProcessBackend tpm = engine(4); CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR)); // swtpm ran with startup-clear
            fromEngine = CrbConformance.run(dev);
        }
        assertEquals(fromSwtpm, fromEngine);
    }
}
