package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.transport.RawClient;
import io.jvtpm.engine.transport.SwtpmServer;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.TcpListener;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * swtpm's data channel framing against a TPM double that echoes (locality, command length):
 * the double's response body is one locality byte and the received length as uint32.
 */
class DataChannelTest {
    /** A well-formed header-only command (TPM2_ReadClock). */
    private static final byte[] READ_CLOCK = TpmCommands.readClock();
    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);
    private static final byte[] GET_RANDOM_32 = TpmCommands.getRandom(32);

    private FakeManagedTpm tpm;
    private SwtpmServer server;
    private int dataPort;
    private int ctrlPort;

    @BeforeEach
    void start() throws Exception {
        tpm = new FakeManagedTpm();
        tpm.running = true;
        server = SwtpmServer.start(tpm, new SwtpmServer.Options(new Endpoint.Tcp("127.0.0.1", 0),
                new Endpoint.Tcp("127.0.0.1", 0), false, 2808, 4096));
        dataPort = ((TcpListener) server.dataListener()).port();
        ctrlPort = ((TcpListener) server.controlListener()).port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String echo(int locality, int length) {
        return String.format("80010000000f00000000%02x%08x", locality, length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void commandsAreFramedByTheirHeaderSize() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            d.send(concat(STARTUP_CLEAR, READ_CLOCK));
            assertEquals(echo(0, 12), d.readResponse());
            assertEquals(echo(0, 10), d.readResponse());
            assertArrayEquals(STARTUP_CLEAR, tpm.commands.get(0));
            assertArrayEquals(READ_CLOCK, tpm.commands.get(1));
        }
    }

    @Test
    void commandArrivingInPiecesIsReassembled() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            d.send(Arrays.copyOfRange(GET_RANDOM_32, 0, 2));
            Thread.sleep(30);
            d.send(Arrays.copyOfRange(GET_RANDOM_32, 2, 8));
            Thread.sleep(30);
            d.send(Arrays.copyOfRange(GET_RANDOM_32, 8, GET_RANDOM_32.length));
            assertEquals(echo(0, 12), d.readResponse());
            assertArrayEquals(GET_RANDOM_32, tpm.lastCommand());
        }
    }

    @Test
    void localityComesFromTheControlChannel() throws Exception {
        try (RawClient c = new RawClient(ctrlPort); RawClient d = new RawClient(dataPort)) {
            assertEquals("00000000", c.call("00000005 03", 4));
            assertEquals(echo(3, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void sendCommandPrefixIsAnsweredWithSizeAndTrailer() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            d.send(concat(RawClient.hex("00000008 02 0000000a"), READ_CLOCK));
            assertEquals("0000000f" + echo(2, 10) + "00000000", d.read(4 + 15 + 4));
            assertEquals(echo(2, 10), d.send("80010000000a00000181").readResponse(),
                    "the locality stays for the commands that follow");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 31, 32, 128, 255})
    void prefixLocalityAboveFourIsRefusedAndNotKept(int locality) throws Exception {
        String refused = RawClient.hex(TpmWire.errorResponse(TpmRc.LOCALITY));
        try (RawClient c = new RawClient(ctrlPort); RawClient d = new RawClient(dataPort)) {
            assertEquals("00000000", c.call("00000005 02", 4));
            d.send(concat(RawClient.hex(String.format("00000008 %02x 0000000a", locality)), READ_CLOCK));
            assertEquals("0000000a" + refused + "00000000", d.read(4 + 10 + 4));
            assertEquals(0, tpm.commands.size(), "the refused command never reaches the TPM");
            assertEquals(echo(2, 10), d.send(READ_CLOCK).readResponse(), "the session keeps locality 2");
            assertEquals(List.of(2), tpm.localities);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4})
    void prefixLocalityUpToFourIsKept(int locality) throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            d.send(concat(RawClient.hex(String.format("00000008 %02x 0000000a", locality)), READ_CLOCK));
            assertEquals("0000000f" + echo(locality, 10) + "00000000", d.read(4 + 15 + 4));
            assertEquals(echo(locality, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void refusedPrefixOnAStoppedTpmAnswersFailureAndKeepsNothing() throws Exception {
        tpm.running = false;
        String failure = RawClient.hex(TpmWire.errorResponse(TpmRc.FAILURE));
        try (RawClient d = new RawClient(dataPort)) {
            d.send(concat(RawClient.hex("00000008 07 0000000a"), READ_CLOCK));
            assertEquals("0000000a" + failure + "00000000", d.read(4 + 10 + 4));
            tpm.running = true;
            assertEquals(echo(0, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void sizeLargerThanSentIsHandedOverAfterTheDeadline() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            assertEquals(echo(0, 10), d.send("80010000000c00000181").readResponse());
            assertEquals(echo(0, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void sizeSmallerThanAHeaderKeepsTheHeaderAndFramesTheRestAnew() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            d.send("800100000008000001810000");
            assertEquals(echo(0, 10), d.readResponse());
            assertEquals(echo(0, 2), d.readResponse());
            assertEquals(echo(0, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void oversizedFrameIsDrainedAndOnlyItsHeaderKept() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            big.writeBytes(RawClient.hex("800100002000 0000017b"));
            big.writeBytes(new byte[8192 - 10]);
            d.send(big.toByteArray());
            assertEquals(echo(0, 10), d.readResponse());
            assertEquals(echo(0, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void hugeSizeFieldDoesNotStallTheChannel() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            assertEquals(echo(0, 10), d.send("8001ffffffff0000017b0010").readResponse());
            assertEquals(echo(0, 10), d.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void shortHeaderIsHandedOverAfterTheDeadline() throws Exception {
        try (RawClient d = new RawClient(dataPort)) {
            assertEquals(echo(0, 6), d.send("800100000008").readResponse());
        }
    }

    @Test
    void notRunningTpmAnswersFailure() throws Exception {
        tpm.running = false;
        String failure = RawClient.hex(TpmWire.errorResponse(TpmRc.FAILURE));
        try (RawClient d = new RawClient(dataPort)) {
            assertEquals(failure, d.send(READ_CLOCK).readResponse());
            assertEquals(failure, d.send("00c10000000a00000181").readResponse(), "a TPM 1.2 tag");
        }
        assertEquals(0, tpm.commands.size());
    }

    @Test
    void clientsAreServedOneAfterAnother() throws Exception {
        try (RawClient a = new RawClient(dataPort)) {
            assertEquals(echo(0, 10), a.send(READ_CLOCK).readResponse());
        }
        try (RawClient b = new RawClient(dataPort)) {
            assertEquals(echo(0, 10), b.send(READ_CLOCK).readResponse());
        }
    }

    @Test
    void brokenClientDoesNotKillTheServer() throws Exception {
        RawClient a = new RawClient(dataPort);
        a.send("80010000");
        a.close();
        try (RawClient b = new RawClient(dataPort)) {
            assertEquals(echo(0, 10), b.send(READ_CLOCK).readResponse());
        }
        assertThrows(java.io.IOException.class, () -> {
            try (RawClient c = new RawClient(dataPort)) {
                server.close();
                c.readResponse();
            }
        });
    }
}
