package io.jvtpm.engine.transport.ptm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each swtpm control message's handler on its own, against a TPM double (swtpm's tpm_ioctl.h). */
class ControlHandlersTest {
    private final FakeManagedTpm tpm = new FakeManagedTpm();
    private final List<Integer> offeredFds = new ArrayList<>();
    private final SwtpmSession session = new SwtpmSession(tpm, 2808, 4096, fd -> {
        offeredFds.add(fd);
        return fd < 0 ? PtmResult.BAD_PARAMETER : PtmResult.SUCCESS;
    }, () -> { });
    private final ControlHandlers handlers = new ControlHandlers(session);

    private static ControlChannel.Message msg(PtmCommand c, String body) {
        return new ControlChannel.Message(c.code(), HexFormat.of().parseHex(body.replace(" ", "")), OptionalInt.empty());
    }

    private String run(PtmCommand c, String body) {
        return HexFormat.of().formatHex(handlers.byCommand().get(c).handle(msg(c, body)));
    }

    @Test
    void everyMessageHasAHandler() {
        assertEquals(PtmCommand.values().length, handlers.byCommand().size());
    }

    @Test
    void getCapability() {
        assertEquals("000000000000ffff", run(PtmCommand.GET_CAPABILITY, ""));
    }

    @Test
    void init() {
        assertEquals("00000000", run(PtmCommand.INIT, "00000001"));
        assertEquals("00000003", run(PtmCommand.INIT, "01"));
        assertEquals(List.of("init true"), tpm.calls);
        assertTrue(tpm.running);
    }

    @Test
    void stop() {
        assertEquals("00000000", run(PtmCommand.STOP, ""), "stopping a stopped TPM is fine");
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.STOP, "00"));
        assertEquals("00000000", run(PtmCommand.STOP, ""));
        assertEquals(List.of("powerOff"), tpm.calls);
    }

    @Test
    void shutdown() {
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.SHUTDOWN, "00000000"));
        assertEquals("00000000", run(PtmCommand.SHUTDOWN, ""));
        assertFalse(tpm.running);
    }

    @Test
    void getTpmEstablished() {
        assertEquals("0000000a", run(PtmCommand.GET_TPMESTABLISHED, ""));
        tpm.running = true;
        tpm.established = true;
        assertEquals("0000000001000000", run(PtmCommand.GET_TPMESTABLISHED, ""));
        assertEquals("00000003", run(PtmCommand.GET_TPMESTABLISHED, "00"));
    }

    @Test
    void resetTpmEstablished() {
        assertEquals("0000000a", run(PtmCommand.RESET_TPMESTABLISHED, "03"));
        tpm.running = true;
        tpm.established = true;
        assertEquals("00000003", run(PtmCommand.RESET_TPMESTABLISHED, ""));
        assertEquals("0000003d", run(PtmCommand.RESET_TPMESTABLISHED, "02"));
        assertEquals("00000000", run(PtmCommand.RESET_TPMESTABLISHED, "03"));
        assertFalse(tpm.established);
    }

    @Test
    void setLocality() {
        assertEquals("00000003", run(PtmCommand.SET_LOCALITY, ""));
        assertEquals("0000003d", run(PtmCommand.SET_LOCALITY, "05"));
        assertEquals("00000000", run(PtmCommand.SET_LOCALITY, "04"));
        assertEquals(4, session.locality());
        for (String refused : new String[] {"05", "20", "ff"}) {
            assertEquals("0000003d", run(PtmCommand.SET_LOCALITY, refused));
            assertEquals(4, session.locality(), "a refused locality " + refused + " is not kept");
        }
    }

    @Test
    void hashStartDataEnd() {
        assertEquals("0000000a", run(PtmCommand.HASH_START, ""));
        assertEquals("0000000a", run(PtmCommand.HASH_DATA, "00000001 61"));
        assertEquals("0000000a", run(PtmCommand.HASH_END, ""));
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.HASH_START, "00"));
        assertEquals("00000000", run(PtmCommand.HASH_START, ""));
        assertEquals("00000003", run(PtmCommand.HASH_DATA, "000000"));
        assertEquals("00000003", run(PtmCommand.HASH_DATA, "00000002 61"));
        assertEquals("00000000", run(PtmCommand.HASH_DATA, "00000002 6162"));
        assertEquals("00000003", run(PtmCommand.HASH_END, "00"));
        assertEquals("00000000", run(PtmCommand.HASH_END, ""));
        assertEquals(List.of("hashStart", "hashData 2", "hashEnd"), tpm.calls);
    }

    @Test
    void cancelTpmCmd() {
        assertEquals("0000000a", run(PtmCommand.CANCEL_TPM_CMD, ""));
        assertEquals(List.of("cancel"), tpm.calls, "the signal goes out before the TPM is asked whether it runs");
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.CANCEL_TPM_CMD, "00"));
        assertEquals(List.of("cancel"), tpm.calls, "a malformed message signals nothing");
        assertEquals("00000000", run(PtmCommand.CANCEL_TPM_CMD, ""));
        assertEquals(List.of("cancel", "cancel"), tpm.calls);
    }

    @Test
    void storeVolatile() {
        assertEquals("0000000a", run(PtmCommand.STORE_VOLATILE, ""));
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.STORE_VOLATILE, "00"));
        assertEquals("00000000", run(PtmCommand.STORE_VOLATILE, ""));
        assertEquals(List.of("storeVolatile"), tpm.calls);
    }

    @Test
    void getStateBlob() {
        tpm.blobs.put(ManagedTpm.StateBlob.SAVESTATE, new byte[] {'J', 1, 2});
        assertEquals("0000000a", run(PtmCommand.GET_STATEBLOB, "00000000 00000003 00000000"));
        tpm.running = true;
        assertEquals("00000003", run(PtmCommand.GET_STATEBLOB, "00000000 00000003"));
        assertEquals("00000000 00000000 00000003 00000003 4a0102".replace(" ", ""),
                run(PtmCommand.GET_STATEBLOB, "00000000 00000003 00000000"));
        assertEquals("00000000 00000000 00000001 00000001 02".replace(" ", ""),
                run(PtmCommand.GET_STATEBLOB, "00000000 00000003 00000002"));
        assertEquals("00000000 00000000 00000000 00000000".replace(" ", ""),
                run(PtmCommand.GET_STATEBLOB, "00000000 00000003 ffffffff"), "an offset past the end");
        assertEquals("00000003 00000000 00000000 00000000".replace(" ", ""),
                run(PtmCommand.GET_STATEBLOB, "00000000 00000004 00000000"), "no such type");
    }

    @Test
    void setStateBlob() {
        assertEquals("00000003", run(PtmCommand.SET_STATEBLOB, "00000000 00000001"));
        assertEquals("00000003", run(PtmCommand.SET_STATEBLOB, "00000000 00000001 00000003 4a3132"
                + "33"), "length and data disagree");
        assertEquals("00000003", run(PtmCommand.SET_STATEBLOB, "00000002 00000001 00000004 4a313233"),
                "encrypted");
        assertEquals("00000003", run(PtmCommand.SET_STATEBLOB, "00000000 00000001 00000004 58313233"),
                "the TPM rejects it");
        assertEquals("00000000", run(PtmCommand.SET_STATEBLOB, "00000000 00000002 00000004 4a313233"));
        assertEquals("4a313233", HexFormat.of().formatHex(tpm.blobs.get(ManagedTpm.StateBlob.VOLATILE)));
        tpm.running = true;
        assertEquals("0000000a", run(PtmCommand.SET_STATEBLOB, "00000000 00000002 00000004 4a313233"));
    }

    @Test
    void getConfig() {
        assertEquals("0000000000000000", run(PtmCommand.GET_CONFIG, ""));
        assertEquals("00000003", run(PtmCommand.GET_CONFIG, "00"));
    }

    @Test
    void setDataFd() {
        assertEquals("00000003", run(PtmCommand.SET_DATAFD, ""));
        byte[] ok = handlers.setDataFd(new ControlChannel.Message(PtmCommand.SET_DATAFD.code(), new byte[0],
                OptionalInt.of(42)));
        assertEquals("00000000", HexFormat.of().formatHex(ok));
        assertEquals(List.of(-1, 42), offeredFds);
    }

    @Test
    void setBufferSize() {
        assertEquals("00000003", run(PtmCommand.SET_BUFFERSIZE, "0000"));
        assertEquals("00000000 00000af8 00000af8 00001000".replace(" ", ""),
                run(PtmCommand.SET_BUFFERSIZE, "00000001"), "clamped to the minimum");
        assertEquals("00000000 00001000 00000af8 00001000".replace(" ", ""),
                run(PtmCommand.SET_BUFFERSIZE, "ffffffff"), "clamped to the maximum");
        tpm.running = true;
        assertEquals("0000000a", run(PtmCommand.SET_BUFFERSIZE, "00000f80"));
        assertEquals("00000000 00001000 00000af8 00001000".replace(" ", ""),
                run(PtmCommand.SET_BUFFERSIZE, "00000000"), "0 asks while running");
    }

    @Test
    void getInfo() {
        assertEquals("00000003", run(PtmCommand.GET_INFO, "00000000 00000001 00000000"));
        assertEquals("00000009", run(PtmCommand.GET_INFO, "00000000 00000001 00000000 00000000"),
                "the TPM cannot tell while stopped");
        try (InProcessBackend real = InProcessBackend.inMemory(5)) {
            real.init();
            real.execute(0, TpmCommands.startup(TpmSu.CLEAR));
            ControlHandlers h = new ControlHandlers(new SwtpmSession(real, 2808, 4096, fd -> PtmResult.IOERROR,
                    () -> { }));
            byte[] r = h.getInfo(msg(PtmCommand.GET_INFO, "00000000 00000001 00000000 00000000"));
            String text = "{\"TPMSpecification\":{\"family\":\"2.0\",\"level\":0,\"revision\":159}}";
            assertEquals(text, new String(r, 12, r.length - 13, StandardCharsets.US_ASCII));
            assertEquals(text.length() + 1, java.nio.ByteBuffer.wrap(r).getInt(4), "total with the NUL");
            assertEquals(0, r[r.length - 1]);
            byte[] tail = h.getInfo(msg(PtmCommand.GET_INFO, "00000000 00000001 00000010 00000000"));
            assertEquals(text.substring(16), new String(tail, 12, tail.length - 13, StandardCharsets.US_ASCII));
            assertEquals("00000003", HexFormat.of().formatHex(
                    h.getInfo(msg(PtmCommand.GET_INFO, "00000000 00000001 00000100 00000000"))), "offset past the end");
        }
    }
}
