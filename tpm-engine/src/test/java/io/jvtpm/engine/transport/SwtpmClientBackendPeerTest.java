package io.jvtpm.engine.transport;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.ptm.PtmCapability;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SwtpmClientBackend} driving a real swtpm 0.7.1 (libtpms). */
@Tag("peer")
class SwtpmClientBackendPeerTest {
    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);
    private static final byte[] GET_RANDOM_8 = TpmCommands.getRandom(8);

    @Test
    void drivesSwtpmOverTcp(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startTcp(state, Swtpm.Power.NEEDS_INIT);
             SwtpmClientBackend b = SwtpmClientBackend.connect(new Endpoint.Tcp("127.0.0.1", swtpm.dataPort()),
                     new Endpoint.Tcp("127.0.0.1", swtpm.controlPort()))) {
            assertEquals(PtmCapability.all(), b.capabilities());
            assertEquals(TpmRc.FAILURE.value(), TpmWire.responseCode(b.execute(0, TpmCommands.readClock())));
            assertEquals(4096, b.bufferSize());
            assertEquals(3968, b.setBufferSize(3968));
            assertEquals(2808, b.setBufferSize(100));
            assertEquals(4096, b.setBufferSize(4096));
            b.init();
            assertThrows(TpmBackendException.class, () -> b.setBufferSize(3968));
            assertEquals(0, TpmWire.responseCode(b.execute(0, STARTUP_CLEAR)));
            byte[] r = b.execute(0, GET_RANDOM_8);
            assertEquals(0, TpmWire.responseCode(r));
            assertEquals(20, r.length);
            assertEquals(0, TpmWire.responseCode(b.execute(3, GET_RANDOM_8)));
            assertFalse(b.isEstablished());
            b.resetEstablished(0);
            b.resetEstablished(3);
            b.cancel();
            b.powerOff();
            assertEquals(TpmRc.FAILURE.value(), TpmWire.responseCode(b.execute(0, GET_RANDOM_8)));
            b.init();
            assertEquals(0, TpmWire.responseCode(b.execute(0, STARTUP_CLEAR)));
            b.shutdownServer();
            assertTrue(swtpm.exited(5000), "swtpm exits after CMD_SHUTDOWN");
        }
    }

    /** QEMU's way: a unix control socket, the data socket handed over with CMD_SET_DATAFD (SCM_RIGHTS). */
    @Test
    void handsSwtpmItsDataSocketWithScmRights(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startControlOnly(state, Swtpm.Power.NEEDS_INIT);
             SwtpmClientBackend b = SwtpmClientBackend.connectWithDataFd(swtpm.controlSocket())) {
            assertEquals(TpmRc.FAILURE.value(), TpmWire.responseCode(b.execute(0, TpmCommands.readClock())));
            b.init();
            assertEquals(0, TpmWire.responseCode(b.execute(0, STARTUP_CLEAR)));
            assertEquals(20, b.execute(0, GET_RANDOM_8).length);
        }
    }
}
