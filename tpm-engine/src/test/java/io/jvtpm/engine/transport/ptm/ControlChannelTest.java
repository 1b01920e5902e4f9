package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
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
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swtpm's control channel against a TPM double, over TCP. */
class ControlChannelTest {
    private FakeManagedTpm tpm;
    private SwtpmServer server;
    private int ctrlPort;
    private int dataPort;

    @BeforeEach
    void start() throws Exception {
        tpm = new FakeManagedTpm();
        server = SwtpmServer.start(tpm, new SwtpmServer.Options(new Endpoint.Tcp("127.0.0.1", 0),
                new Endpoint.Tcp("127.0.0.1", 0), false, 2808, 4096));
        ctrlPort = ((TcpListener) server.controlListener()).port();
        dataPort = ((TcpListener) server.dataListener()).port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** QEMU 7.2's opening sequence, answers as swtpm 0.7.1 gave them (reference tpm-commands.txt). */
    @Test
    void qemuOpeningSequenceMatchesSwtpm() throws Exception {
        try (RawClient data = new RawClient(dataPort); RawClient c = new RawClient(ctrlPort)) {
            assertEquals(RawClient.hex(TpmWire.errorResponse(TpmRc.FAILURE)),
                    data.send(TpmCommands.readClock()).readResponse());
            assertEquals("000000000000ffff", c.call("00000001", 8));
            assertEquals("00000000", c.call("0000000e", 4));
            assertEquals("0000000000001000" + "00000af800001000", c.call("00000011 00000000", 16));
            assertEquals("00000000", c.call("0000000e", 4));
            assertEquals("0000000000001000" + "00000af800001000", c.call("00000011 00001000", 16));
            assertEquals("00000000", c.call("00000002 00000000", 4));
            assertEquals("0000000000000000", c.call("00000004", 8));
            assertEquals("00000000", c.call("00000005 00", 4));
            assertTrue(tpm.running);
            assertEquals(List.of("init false"), tpm.calls);
            String rsp = data.send(TpmCommands.startup(TpmSu.CLEAR)).readResponse();
            assertEquals("80010000000f00000000" + "00" + "0000000c", rsp);
        }
    }

    /** Out-of-order and malformed use, answered as swtpm 0.7.1 does. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "est while stopped,       false, 00000004,                   0000000a",
        "hash start while stopped,false, 00000006,                   0000000a",
        "cancel while stopped,    false, 00000009,                   0000000a",
        "store vol while stopped, false, 0000000a,                   0000000a",
        "reset est while stopped, false, 0000000b 03,                0000000a",
        "get blob while stopped,  false, 0000000c 00000000 00000001 00000000, 0000000a",
        "set blob while running,  true,  0000000d 00000000 00000001 00000000, 0000000a",
        "bufsize set running,     true,  00000011 00001000,          0000000a",
        "unknown command,         false, 00000063,                   0000000a",
        "stop with extra bytes,   true,  0000000e 00000000,          00000003",
        "locality 5,              false, 00000005 05,                0000003d",
        "reset est locality 0,    true,  0000000b 00,                0000003d",
        "reset est locality 5,    true,  0000000b 05,                0000003d",
        "set blob bad type,       false, 0000000d 00000000 00000007 00000004 4a4a4a4a, 00000003",
        "set blob encrypted,      false, 0000000d 00000002 00000001 00000004 4a4a4a4a, 00000003",
        "set blob garbage,        false, 0000000d 00000000 00000001 00000004 61626364, 00000003",
        "set datafd without fd,   false, 00000010,                   00000003",
        "get config extra,        false, 0000000f 00,                00000003",
        "hash data length lies,   true,  00000007 00000002 616263,   00000003",
    })
    void outOfOrderAndMalformed(String name, boolean running, String request, String answer) throws Exception {
        tpm.running = running;
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals(answer.replace(" ", ""), c.call(request, answer.replace(" ", "").length() / 2), name);
            assertEquals("000000000000ffff", c.call("00000001", 8), "channel still serves after " + name);
        }
    }

    @Test
    void capabilityAndStoppedQueries() throws Exception {
        try (RawClient c = new RawClient(ctrlPort); RawClient d = new RawClient(dataPort)) {
            assertEquals("0000000000000000", c.call("0000000f", 8));
            assertEquals("00000000", c.call("00000005 03", 4));
            tpm.running = true;
            d.send("80010000000a00000181").readResponse();
            assertEquals(List.of(3), tpm.localities, "the data channel's next command runs at the locality set");
        }
    }

    @Test
    void bufferSizeIsClampedToLimits() throws Exception {
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("0000000000000af800000af800001000", c.call("00000011 00000064", 16));
            assertEquals("000000000000100000000af800001000", c.call("00000011 00002328", 16));
            assertEquals("0000000000000f8000000af800001000", c.call("00000011 00000f80", 16));
            assertEquals(3968, tpm.bufferSize);
        }
    }

    @Test
    void hashSequenceSetsEstablishedAndResetClearsIt() throws Exception {
        tpm.running = true;
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("00000000", c.call("00000006", 4));
            assertEquals("00000000", c.call("00000007 00000003 616263", 4));
            assertEquals("00000000", c.call("00000008", 4));
            assertEquals("abc", tpm.hashed.toString());
            assertEquals("0000000001000000", c.call("00000004", 8));
            assertEquals("00000000", c.call("0000000b 04", 4));
            assertEquals("0000000000000000", c.call("00000004", 8));
            assertEquals("00000000", c.call("00000009", 4));
            assertEquals("00000000", c.call("0000000a", 4));
            assertEquals(List.of("hashStart", "hashData 3", "hashEnd", "resetEstablished 4", "cancel", "storeVolatile"),
                    tpm.calls);
        }
    }

    @Test
    void stateBlobsRoundTrip() throws Exception {
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("00000000", c.call("0000000d 00000000 00000001 00000005 4a31323334", 4));
            assertEquals("4a31323334", RawClient.hex(tpm.blobs.get(ManagedTpm.StateBlob.PERMANENT)));
            tpm.running = true;
            assertEquals("00000000 00000000 00000005 00000005 4a31323334".replace(" ", ""),
                    c.call("0000000c 00000000 00000001 00000000", 21));
            assertEquals("00000000 00000000 00000002 00000002 3334".replace(" ", ""),
                    c.call("0000000c 00000000 00000001 00000003", 18));
            assertEquals("00000000 00000000 00000000 00000000".replace(" ", ""),
                    c.call("0000000c 00000000 00000002 00000000", 16));
            assertEquals("00000003 00000000 00000000 00000000".replace(" ", ""),
                    c.call("0000000c 00000000 00000009 00000000", 16));
        }
    }

    @Test
    void stateBlobArrivingInPieces() throws Exception {
        try (RawClient c = new RawClient(ctrlPort)) {
            c.send("0000000d 00000000 00000001");
            Thread.sleep(50);
            c.send("00000006 4a31");
            Thread.sleep(50);
            assertEquals("00000000", c.send("32333435").read(4));
            assertEquals("4a3132333435", RawClient.hex(tpm.blobs.get(ManagedTpm.StateBlob.PERMANENT)));
        }
    }

    @Test
    void setDataFdIsRefusedWhileADataClientIsConnected() throws Exception {
        tpm.running = true;
        try (RawClient d = new RawClient(dataPort); RawClient c = new RawClient(ctrlPort)) {
            d.send(TpmCommands.readClock()).readResponse();
            assertEquals("0000001f", c.call("00000010", 4));
        }
    }

    @Test
    void getInfoFailsWhileTheTpmCannotTell() throws Exception {
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("00000009", c.call("00000012 0000000000000001 00000000 00000000", 4));
        }
    }

    @Test
    void incompleteMessageClosesOnlyThatConnection() throws Exception {
        try (RawClient c = new RawClient(ctrlPort)) {
            c.send("00000002");
            assertTrue(c.closedByPeer(2000));
        }
        assertFalse(tpm.running);
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("00000000", c.call("00000002 00000001", 4));
        }
        assertEquals(List.of("init true"), tpm.calls);
    }

    @Test
    void shutdownPowersOffAndStopsTheServer() throws Exception {
        tpm.running = true;
        try (RawClient c = new RawClient(ctrlPort)) {
            assertEquals("00000000", c.call("00000003", 4));
        }
        assertTrue(server.awaitStop(5, TimeUnit.SECONDS));
        assertEquals(List.of("powerOff"), tpm.calls);
    }
}
