package io.jvtpm.tis;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same guest sessions through the FIFO interface in front of a real swtpm 0.7.1 (libtpms),
 * reached through the engine's {@link SwtpmClientBackend}, and in front of the in-process engine: the same results; and Linux's boot-time commands,
 * as recorded under QEMU, answered by swtpm through this device as they were through QEMU's.
 */
@Tag("peer")
class SwtpmThroughTisPeerTest {
    @TempDir
    static Path state;
    private static Swtpm server;
    private static SwtpmClientBackend swtpm;

    @BeforeAll
    static void start() throws Exception {
        server = Swtpm.start(state, Swtpm.Power.STARTED);
        swtpm = server.connect();
    }

    @AfterAll
    static void stop() {
        if (swtpm != null) {
            swtpm.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TisDriver.Transfer.class)
    void swtpmAndTheEngineGiveTheSameResults(TisDriver.Transfer transfer) {
        List<String> fromSwtpm;
        try (TisDevice device = new TisDevice(swtpm)) {
            fromSwtpm = Scenario.run(new TisDriver(device, 0, transfer), false);
        }
        List<String> fromEngine;
        try (InProcessBackend engine = InProcessBackend.inMemory(7)) {
            engine.init();
            try (TisDevice device = new TisDevice(engine)) {
                fromEngine = withoutStartup(Scenario.run(new TisDriver(device, 0, transfer), true));
            }
        }
        assertEquals(withoutStartup(GuestDriverTest.expectedTranscript()), fromSwtpm);
        assertEquals(fromSwtpm, fromEngine);
    }

    @Test
    void interruptDrivenSessionOnSwtpmFromLocalityTwo() {
        Scenario.InterruptRun run = Scenario.runWithInterrupts(swtpm, 2, false);
        assertEquals(withoutStartup(GuestDriverTest.expectedTranscript()), run.transcript());
        // raised by the device; slept on only where a command was not done when the driver looked
        assertTrue(run.raised() > 0, "no interrupt raised");
        assertTrue(run.taken() <= run.raised());
    }

    @Test
    void linuxBootCommandsGetWhatSwtpmAnsweredUnderQemu() {
        List<QemuTrace.Event> events = QemuTrace.load("/trace/seabios-tis-mmio-trace-kernel-boot.log.gz");
        List<byte[]> commands = new ArrayList<>();
        List<byte[]> responses = new ArrayList<>();
        for (QemuTrace.Event e : events) {
            if (e instanceof QemuTrace.Buffer b) {
                (b.toTpm() ? commands : responses).add(b.bytes());
            }
        }
        assertEquals(commands.size(), responses.size());
        try (TisDevice device = new TisDevice(swtpm)) {
            TisDriver linux = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
            linux.requestLocality();
            for (int i = 0; i < commands.size(); i++) {
                byte[] rsp = linux.transmit(commands.get(i));
                String what = "kernel command " + i + " (0x" + Integer.toHexString(TpmWire.commandCode(commands.get(i))) + ")";
                assertEquals(TpmWire.responseCode(responses.get(i)), TpmWire.responseCode(rsp), what);
                assertEquals(responses.get(i).length, rsp.length, what);
            }
            linux.relinquish();
        }
    }

    /** A transcript without its first line (swtpm starts past TPM2_Startup). */
    private static List<String> withoutStartup(List<String> transcript) {
        return transcript.subList(1, transcript.size());
    }
}
