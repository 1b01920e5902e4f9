package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSt;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared swtpm launcher: on unix sockets, on ports swtpm binds itself, and behind an adjacent TCP pair. */
@Tag("peer")
class SwtpmTest {
    private static final byte[] GET_RANDOM_8 = ByteBuffer.allocate(12).putShort((short) TpmSt.NO_SESSIONS.value())
            .putInt(12).putInt(TpmCc.GET_RANDOM.value()).putShort((short) 8).array();

    private static int rc(byte[] response) {
        return ByteBuffer.wrap(response).getInt(6);
    }

    @Test
    void startedOnUnixSocketsAnswersThroughTheEngineClient(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.start(state, Swtpm.Power.STARTED); SwtpmClientBackend tpm = swtpm.connect()) {
            assertTrue(swtpm.dataSocket().isPresent());
            byte[] r = tpm.execute(0, GET_RANDOM_8);
            assertEquals(TpmRc.SUCCESS.value(), rc(r));
            assertEquals(20, r.length);
        }
    }

    @Test
    void controlOnlyWaitsForInit(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startControlOnly(state, Swtpm.Power.NEEDS_INIT); SwtpmClientBackend tpm = swtpm.connect()) {
            assertTrue(swtpm.dataSocket().isEmpty());
            assertEquals(TpmRc.FAILURE.value(), rc(tpm.execute(0, GET_RANDOM_8)));
        }
    }

    @Test
    void onTcpTheAdjacentPairRelaysToSwtpmsOwnPorts(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startTcp(state, Swtpm.Power.STARTED)) {
            assertNotEquals(swtpm.dataPort(), swtpm.controlPort());
            try (SwtpmClientBackend tpm = swtpm.connect()) {
                assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, GET_RANDOM_8)));
            }
            TcpRelay pair = swtpm.tcpPair();
            assertEquals(pair.port() + 1, pair.controlPort());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pair.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(GET_RANDOM_8);
                InputStream in = s.getInputStream();
                byte[] r = in.readNBytes(20);
                assertEquals(TpmRc.SUCCESS.value(), rc(r));
            }
        }
    }
}
