package io.jvtpm.engine.transport;

import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.testing.Peers;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.FdConnection;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unix sockets: CMD_SET_DATAFD with a real socketpair passed over the control socket (SCM_RIGHTS), and unix data sockets. */
class ScmRightsTest {
    private static final String ECHO_10 = "80010000000f00000000" + "00" + "0000000a";

    private static SwtpmServer unixServer(FakeManagedTpm tpm, Path ctrl) throws Exception {
        return SwtpmServer.start(tpm, new SwtpmServer.Options(null, new Endpoint.Unix(ctrl), false, 2808, 4096));
    }

    @Test
    void javaClientHandsOverItsDataSocket(@TempDir Path dir) throws Exception {
        FakeManagedTpm tpm = new FakeManagedTpm();
        Path ctrl = dir.resolve("ctrl.sock");
        try (SwtpmServer server = unixServer(tpm, ctrl);
             SwtpmClientBackend client = SwtpmClientBackend.connectWithDataFd(ctrl)) {
            assertTrue(server.controlListener().describe().startsWith("unix:"));
            assertEquals(TpmRc.FAILURE.value(), TpmWire.responseCode(client.execute(0, TpmCommands.readClock())));
            client.init();
            assertEquals(ECHO_10, RawClient.hex(client.execute(0, TpmCommands.readClock())));
            String withLocality = RawClient.hex(client.execute(4, TpmCommands.readClock()));
            assertEquals("80010000000f00000000" + "04" + "0000000a", withLocality);
        }
    }

    @Test
    void secondDataSocketIsRefusedWhileTheFirstIsInUse(@TempDir Path dir) throws Exception {
        FakeManagedTpm tpm = new FakeManagedTpm();
        tpm.running = true;
        Path ctrl = dir.resolve("ctrl.sock");
        try (SwtpmServer server = unixServer(tpm, ctrl);
             FdConnection c = FdConnection.connectUnix(ctrl)) {
            assertTrue(server.controlListener().describe().startsWith("unix:"));
            FdConnection[] first = FdConnection.socketPair();
            FdConnection[] second = FdConnection.socketPair();
            try {
                c.sendWithFd(RawClient.hex("00000010"), first[1].fd());
                assertEquals("00000000", read(c, 4));
                c.sendWithFd(RawClient.hex("00000010"), second[1].fd());
                assertEquals("0000001f", read(c, 4));
                first[0].write(TpmCommands.readClock());
                assertEquals(ECHO_10, read(first[0], 15));
            } finally {
                for (FdConnection f : new FdConnection[] {first[0], first[1], second[0], second[1]}) {
                    f.close();
                }
            }
        }
    }

    private static String read(FdConnection c, int n) throws Exception {
        byte[] b = new byte[n];
        assertEquals(n, c.readFully(b, 0, n, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        return RawClient.hex(b);
    }

    @Test
    void dataSocketCanBeReplacedAfterItCloses(@TempDir Path dir) throws Exception {
        FakeManagedTpm tpm = new FakeManagedTpm();
        tpm.running = true;
        Path ctrl = dir.resolve("ctrl.sock");
        try (SwtpmServer server = unixServer(tpm, ctrl)) {
            assertTrue(server.controlListener().describe().startsWith("unix:"));
            try (SwtpmClientBackend first = SwtpmClientBackend.connectWithDataFd(ctrl)) {
                assertEquals(ECHO_10, RawClient.hex(first.execute(0, TpmCommands.readClock())));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try (SwtpmClientBackend second = SwtpmClientBackend.connectWithDataFd(ctrl)) {
                    assertEquals(ECHO_10, RawClient.hex(second.execute(0, TpmCommands.readClock())));
                    break;
                } catch (io.jvtpm.engine.TpmBackendException busy) {
                    assertTrue(System.nanoTime() < deadline, "old data socket never released");
                    Thread.sleep(50);
                }
            }
        }
        assertTrue(Files.notExists(ctrl), "the socket file is removed on close");
    }

    /** Python's socket.send_fds as the client: the fd-passing wire format of another implementation. */
    @Test
    @Tag("peer")
    void pythonClientHandsOverItsDataSocket(@TempDir Path dir) throws Exception {
        String python = Peers.require("python3").toString();
        Path script = dir.resolve("send_datafd.py");
        try (var in = ScmRightsTest.class.getResourceAsStream("/transport/send_datafd.py")) {
            Files.copy(in, script);
        }
        FakeManagedTpm tpm = new FakeManagedTpm();
        tpm.running = true;
        Path ctrl = dir.resolve("ctrl.sock");
        try (SwtpmServer server = unixServer(tpm, ctrl)) {
            assertTrue(server.controlListener().describe().startsWith("unix:"));
            Process p = new ProcessBuilder(python, script.toString(), ctrl.toString(), RawClient.hex(TpmCommands.readClock()))
                    .redirectErrorStream(true).start();
            List<String> out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                out = r.lines().toList();
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(List.of("00000000", ECHO_10), out);
        }
    }

    /** swtpm's --server type=unixio: the data channel on a unix socket of its own. */
    @Test
    void unixDataAndControlSockets(@TempDir Path dir) throws Exception {
        FakeManagedTpm tpm = new FakeManagedTpm();
        Path data = dir.resolve("data.sock");
        Path ctrl = dir.resolve("ctrl.sock");
        try (SwtpmServer server = SwtpmServer.start(tpm, new SwtpmServer.Options(new Endpoint.Unix(data),
                new Endpoint.Unix(ctrl), false, 2808, 4096));
             SwtpmClientBackend client = SwtpmClientBackend.connect(new Endpoint.Unix(data), new Endpoint.Unix(ctrl))) {
            assertTrue(server.controlListener().describe().startsWith("unix:"));
            client.init();
            assertEquals(ECHO_10, RawClient.hex(client.execute(0, TpmCommands.readClock())));
            assertEquals(4096, client.bufferSize());
        }
    }
}
