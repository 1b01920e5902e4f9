package io.jvtpm.engine.transport.mssim;

import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.transport.MssimServer;
import io.jvtpm.engine.transport.RawClient;
import io.jvtpm.engine.transport.net.Connection;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.Listener;
import io.jvtpm.engine.transport.net.TcpListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mssim TPM and platform sockets against a TPM double, framed as tpm2-tss's tcti-mssim expects. */
class MssimChannelsTest {
    private FakeManagedTpm tpm;
    private MssimServer server;
    private int tpmPort;
    private int platformPort;

    @BeforeEach
    void start() throws Exception {
        tpm = new FakeManagedTpm();
        server = MssimServer.start(tpm, new Endpoint.Tcp("127.0.0.1", 0), new Endpoint.Tcp("127.0.0.1", 0), 4096);
        tpmPort = ((TcpListener) server.tpmListener()).port();
        platformPort = ((TcpListener) server.platformListener()).port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What tcti-mssim does: POWER_ON and NV_ON on the platform socket, then commands, then SESSION_END. */
    @Test
    void tctiSessionAsTpm2TssRunsIt() throws Exception {
        try (RawClient p = new RawClient(platformPort); RawClient t = new RawClient(tpmPort)) {
            assertEquals("00000000", p.call("00000001", 4));
            assertEquals("00000000", p.call("0000000b", 4));
            assertTrue(tpm.running);
            t.send("00000008 03 0000000c 80010000000c000001440000");
            assertEquals("0000000f" + "80010000000f00000000" + "03" + "0000000c" + "00000000", t.read(4 + 15 + 4));
            assertEquals(3, tpm.localities.get(0));
            t.send("00000014");
            assertTrue(t.closedByPeer(2000));
            p.send("00000014");
            assertTrue(p.closedByPeer(2000));
        }
        assertEquals(List.of("init false"), tpm.calls);
    }

    @Test
    void powerOnTwiceInitsOnceAndCommandsBeforePowerFail() throws Exception {
        try (RawClient p = new RawClient(platformPort); RawClient t = new RawClient(tpmPort)) {
            t.send("00000008 00 0000000a 80010000000a00000181");
            assertEquals("0000000a" + "80010000000a00000101" + "00000000", t.read(4 + 10 + 4));
            assertEquals("00000000", p.call("00000001", 4));
            assertEquals("00000000", p.call("00000001", 4));
            assertEquals("00000000", p.call("00000011", 4));
            assertEquals("00000000", p.call("00000002", 4));
            assertEquals("00000000", p.call("00000011", 4));
            assertFalse(tpm.running);
        }
        assertEquals(List.of("init false", "init false", "powerOff"), tpm.calls);
    }

    @ParameterizedTest(name = "platform signal {0}")
    @CsvSource({
        "00000003, physicalPresence true",
        "00000004, physicalPresence false",
        "00000009, cancel",
    })
    void platformSignals(String signal, String call) throws Exception {
        try (RawClient p = new RawClient(platformPort)) {
            assertEquals("00000000", p.call(signal, 4));
        }
        assertEquals(List.of(call), tpm.calls);
    }

    /** The channels' own state, which no socket reports: served here without a server around them. */
    @Test
    void cancelAndNvSignalsAreTracked() throws Exception {
        MssimChannels channels = new MssimChannels(tpm, 4096, () -> { });
        try (Listener listener = new Endpoint.Tcp("127.0.0.1", 0).listen()) {
            Thread platform = new Thread(() -> {
                try (Connection c = listener.accept(10_000)) {
                    channels.servePlatform(c);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "mssim-platform-test");
            platform.start();
            try (RawClient p = new RawClient(((TcpListener) listener).port())) {
                assertEquals("00000000", p.call("00000009", 4));
                assertTrue(channels.cancelAsserted());
                assertEquals("00000000", p.call("0000000a", 4));
                assertFalse(channels.cancelAsserted());
                assertEquals("00000000", p.call("0000000c", 4));
                assertFalse(channels.nvAvailable());
                assertEquals("00000000", p.call("0000000b", 4));
                assertTrue(channels.nvAvailable());
            }
            platform.join(10_000);
        }
    }

    @Test
    void handshakeAnswersVersionAndFlags() throws Exception {
        try (RawClient t = new RawClient(tpmPort)) {
            assertEquals("00000001" + "0000000d" + "00000000", t.call("0000000f 00000001", 12));
        }
    }

    @Test
    void hashSignalsReachTheTpm() throws Exception {
        tpm.running = true;
        try (RawClient t = new RawClient(tpmPort)) {
            assertEquals("00000000", t.call("00000005", 4));
            assertEquals("00000000", t.call("00000006 00000002 6869", 4));
            assertEquals("00000000", t.call("00000007", 4));
        }
        assertEquals("hi", tpm.hashed.toString());
        assertTrue(tpm.established);
    }

    @Test
    void unknownCommandAnswersOneAndClosesButTheServerGoesOn() throws Exception {
        try (RawClient p = new RawClient(platformPort)) {
            assertEquals("00000001", p.call("0000001e", 4));
            assertTrue(p.closedByPeer(2000));
        }
        try (RawClient p = new RawClient(platformPort)) {
            assertEquals("00000000", p.call("00000001", 4));
        }
    }

    @Test
    void badLocalityAndOversizedCommandsGetTpmErrors() throws Exception {
        tpm.running = true;
        try (RawClient t = new RawClient(tpmPort)) {
            t.send("00000008 05 0000000a 80010000000a00000181");
            assertEquals("0000000a" + "80010000000a00000907" + "00000000", t.read(18));
            byte[] big = new byte[9 + 5000];
            System.arraycopy(RawClient.hex("00000008 00 00001388 8001 00001388 0000017b"), 0, big, 0, 19);
            t.send(big);
            assertEquals("0000000f" + "80010000000f00000000" + "00" + "00001000" + "00000000", t.read(23));
            assertEquals(4096, tpm.lastCommand().length);
        }
    }

    @Test
    void stopEndsTheServer() throws Exception {
        try (RawClient p = new RawClient(platformPort)) {
            p.send("00000015");
            assertTrue(p.closedByPeer(2000));
        }
        assertTrue(server.awaitStop(5, TimeUnit.SECONDS));
    }
}
