package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.tis.register.TisRegister;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guest-driver double against the in-process engine behind the FIFO interface. */
class EngineThroughTisTest {

    private static InProcessBackend engine() {
        InProcessBackend tpm = InProcessBackend.inMemory(42);
        tpm.init();
        return tpm;
    }

    @ParameterizedTest
    @EnumSource(TisDriver.Transfer.class)
    void sessionGivesTheSameResultsAsTheDouble(TisDriver.Transfer transfer) {
        try (InProcessBackend tpm = engine(); TisDevice device = new TisDevice(tpm)) {
            assertEquals(GuestDriverTest.expectedTranscript(), Scenario.run(new TisDriver(device, 0, transfer), true));
        }
    }

    @Test
    void interruptDrivenSessionOnTheEngine() {
        try (InProcessBackend tpm = engine()) {
            Scenario.InterruptRun run = Scenario.runWithInterrupts(tpm, 0, true);
            assertEquals(GuestDriverTest.expectedTranscript(), run.transcript());
            // the device raised its line; the driver slept on it only where a command was not
            // already done when it looked (a quick command is done when the tpmGo write returns)
            assertTrue(run.raised() > 0, "no interrupt raised");
            assertTrue(run.taken() <= run.raised());
        }
    }

    /**
     * A command the engine calls quick is answered inside the tpmGo write, so the driver's first
     * read of TPM_STS finds dataAvail; one that may generate a key goes to the executor.
     */
    @Test
    void quickCommandsRunInsideTheGoWrite() throws InterruptedException {
        AtomicInteger offloaded = new AtomicInteger();
        Executor counting = r -> {
            offloaded.incrementAndGet();
            new Thread(r).start();
        };
        try (InProcessBackend tpm = engine(); TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(counting))) {
            device.write(TisRegister.ACCESS.offset(), 1, 0x02);
            go(device, TpmCommands.startup(TpmSu.CLEAR));
            assertEquals(0x90, device.read(TisRegister.STS.offset(), 1) & 0x90, "dataAvail and stsValid at the first read");
            go(device, TpmCommands.getRandom(8));
            assertEquals(0x90, device.read(TisRegister.STS.offset(), 1) & 0x90, "dataAvail and stsValid at the first read");
            assertEquals(0, offloaded.get(), "quick commands never reach the executor");
            byte[] createPrimary = CommandBuilder.of(TpmCc.CREATE_PRIMARY).build(); // a header with no handle or parameters
            go(device, createPrimary);
            assertEquals(1, offloaded.get(), "CreatePrimary runs on the executor");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((device.read(TisRegister.STS.offset(), 1) & 0x10) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(0x10, device.read(TisRegister.STS.offset(), 1) & 0x10, "its response arrives");
        }
    }

    /** commandReady, the command through TPM_DATA_FIFO byte by byte, tpmGo. */
    private static void go(TisDevice device, byte[] command) {
        device.write(TisRegister.STS.offset(), 1, 0x40);
        for (byte b : command) {
            device.write(TisRegister.DATA_FIFO.offset(), 1, b & 0xFF);
        }
        device.write(TisRegister.STS.offset(), 1, 0x20);
    }

    /** Response codes as swtpm's (sizes differ where the engine offers other commands or banks). */
    @Test
    void linuxBootCommandsGetTheResponseCodesSwtpmGaveUnderQemu() {
        List<byte[]> commands = new ArrayList<>();
        List<byte[]> responses = new ArrayList<>();
        for (QemuTrace.Event e : QemuTrace.load("/trace/seabios-tis-mmio-trace-kernel-boot.log.gz")) {
            if (e instanceof QemuTrace.Buffer b) {
                (b.toTpm() ? commands : responses).add(b.bytes());
            }
        }
        try (InProcessBackend tpm = engine(); TisDevice device = new TisDevice(tpm)) {
            TisDriver linux = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
            linux.requestLocality();
            linux.transmit(TpmCommands.startup(TpmSu.CLEAR));
            for (int i = 0; i < commands.size(); i++) {
                byte[] rsp = linux.transmit(commands.get(i));
                String what = "kernel command " + i + ": " + java.util.HexFormat.of().formatHex(commands.get(i));
                assertEquals(TpmWire.responseCode(responses.get(i)), TpmWire.responseCode(rsp), what);
                assertEquals(TpmWire.u32(rsp, 2), rsp.length, what);
            }
        }
    }

    @Test
    void localitiesReachTheEngine() {
        try (InProcessBackend tpm = engine(); TisDevice device = new TisDevice(tpm)) {
            List<String> firsts = new ArrayList<>();
            for (int locality = 0; locality < 4; locality++) {
                List<String> t = Scenario.run(new TisDriver(device, locality, TisDriver.Transfer.DWORD), locality == 0);
                firsts.add(t.get(t.size() - 1));
            }
            // PCR 16 is reset and extended alike from every locality
            assertEquals(List.of(firsts.get(0), firsts.get(0), firsts.get(0), firsts.get(0)), firsts);
        }
    }

    @Test
    void establishmentFlagFollowsTheEngine() {
        try (InProcessBackend tpm = engine(); TisDevice device = new TisDevice(tpm)) {
            boolean established = tpm.isEstablished();
            assertEquals(established ? 0 : 1, device.read(0, 1) & 1);
            tpm.hashStart();
            tpm.hashData(new byte[] {1, 2, 3});
            tpm.hashEnd();
            device.refreshEstablished();
            assertEquals(0, device.read(0, 1) & 1, "H-CRTM ran: established");
            device.write(0x3000, 1, 0x02);
            device.write(0x3018, 4, 1 << 25);
            assertEquals(1, device.read(0x3000, 1) & 1, "reset from locality 3");
        }
    }
}
