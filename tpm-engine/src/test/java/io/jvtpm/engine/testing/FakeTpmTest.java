package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSt;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared test double answers like a TPM where it claims to, and does what a test steers it to. */
class FakeTpmTest {
    private static final byte[] PASSWORD_SESSION = {0, 0, 0, 9, 0x40, 0, 0, 9, 0, 0, 0, 0, 0};

    private static byte[] command(TpmSt tag, TpmCc cc, byte[] body) {
        return ByteBuffer.allocate(10 + body.length).putShort((short) tag.value()).putInt(10 + body.length)
                .putInt(cc.value()).put(body).array();
    }

    private static byte[] startupClear() {
        return command(TpmSt.NO_SESSIONS, TpmCc.STARTUP, new byte[] {0, 0});
    }

    private static byte[] getRandom(int n) {
        return command(TpmSt.NO_SESSIONS, TpmCc.GET_RANDOM, new byte[] {(byte) (n >> 8), (byte) n});
    }

    private static int rc(byte[] response) {
        return ByteBuffer.wrap(response).getInt(6);
    }

    @Test
    void answersStartupOnceAndNothingBeforeIt() {
        FakeTpm tpm = new FakeTpm();
        assertEquals(TpmRc.INITIALIZE.value(), rc(tpm.execute(0, getRandom(8))));
        assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, startupClear())));
        assertEquals(TpmRc.INITIALIZE.value(), rc(tpm.execute(0, startupClear())));
        byte[] r = tpm.execute(0, getRandom(8));
        assertEquals(TpmRc.SUCCESS.value(), rc(r));
        assertEquals(20, r.length);
        assertEquals(12 + 32, tpm.execute(0, getRandom(100)).length, "at most a SHA-256 digest's worth");
        assertEquals(TpmRc.COMMAND_CODE.value(), rc(tpm.execute(0, command(TpmSt.NO_SESSIONS, TpmCc.SHUTDOWN, new byte[2]))));
        assertEquals(TpmRc.BAD_TAG.value(), rc(tpm.execute(0, new byte[] {0, 1, 0, 0, 0, 10, 0, 0, 1, 0x44})));
        assertEquals(TpmRc.COMMAND_SIZE.value(), rc(tpm.execute(0, new byte[] {(byte) 0x80, 1, 0, 0, 0, 11})));
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0), tpm.localities());
        assertTrue(tpm.started());
        tpm.init();
        assertFalse(tpm.started());
        assertEquals(1, tpm.inits());
    }

    @Test
    void extendsAndReadsTheSha256Bank() throws Exception {
        FakeTpm tpm = new FakeTpm();
        tpm.execute(0, startupClear());
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 0x5A);
        ByteBuffer extend = ByteBuffer.allocate(4 + 4 + PASSWORD_SESSION.length + 4 + 2 + 32).putInt(16)
                .putInt(PASSWORD_SESSION.length).put(PASSWORD_SESSION).putInt(1)
                .putShort((short) TpmAlgId.SHA256.value()).put(digest);
        assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, command(TpmSt.SESSIONS, TpmCc.PCR_EXTEND, extend.array()))));
        byte[] read = tpm.execute(0, command(TpmSt.NO_SESSIONS, TpmCc.PCR_READ,
                ByteBuffer.allocate(10).putInt(1).putShort((short) TpmAlgId.SHA256.value()).put((byte) 3)
                        .put(new byte[] {0, 0, 1}).array()));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(new byte[32]);
        md.update(digest);
        assertArrayEquals(md.digest(), Arrays.copyOfRange(read, read.length - 32, read.length));
    }

    @Test
    void pcrAllocateTakesEffectAtTheNextInit() {
        FakeTpm tpm = new FakeTpm();
        tpm.execute(0, startupClear());
        assertEquals(List.of(TpmAlgId.SHA1.value(), TpmAlgId.SHA256.value()), tpm.activeBanks());
        ByteBuffer body = ByteBuffer.allocate(4 + 4 + PASSWORD_SESSION.length + 4 + 6 * 2).putInt(0x4000000C)
                .putInt(PASSWORD_SESSION.length).put(PASSWORD_SESSION).putInt(2)
                .putShort((short) TpmAlgId.SHA1.value()).put((byte) 3).put(new byte[3])
                .putShort((short) TpmAlgId.SHA384.value()).put((byte) 3).put(new byte[] {-1, -1, -1});
        assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, command(TpmSt.SESSIONS, TpmCc.PCR_ALLOCATE, body.array()))));
        assertEquals(List.of(TpmAlgId.SHA1.value(), TpmAlgId.SHA256.value()), tpm.activeBanks());
        tpm.init();
        assertEquals(List.of(TpmAlgId.SHA256.value(), TpmAlgId.SHA384.value()), tpm.activeBanks());
        assertEquals(List.of("Startup", "PCR_Allocate", "init"), tpm.log());
        tpm.execute(0, startupClear());
        byte[] pcrs = tpm.execute(0, command(TpmSt.NO_SESSIONS, TpmCc.GET_CAPABILITY,
                ByteBuffer.allocate(12).putInt(TpmCap.PCRS.value()).putInt(0).putInt(1).array()));
        assertEquals(TpmRc.SUCCESS.value(), rc(pcrs));
        assertEquals(4, ByteBuffer.wrap(pcrs).getInt(15), "four banks, two allocated");
        byte[] properties = tpm.execute(0, command(TpmSt.NO_SESSIONS, TpmCc.GET_CAPABILITY,
                ByteBuffer.allocate(12).putInt(TpmCap.TPM_PROPERTIES.value()).putInt(0x100).putInt(1).array()));
        assertEquals(TpmRc.VALUE.param(1), rc(properties), "a capability the double does not model");
        tpm.clearRecords();
        assertEquals(List.of(), tpm.log());
        assertEquals(List.of(), tpm.received());
    }

    @Test
    void aHeldCommandIsCancelledOrReleased() throws Exception {
        FakeTpm tpm = new FakeTpm();
        tpm.execute(0, startupClear());
        tpm.cancel();
        CountDownLatch entered = tpm.holdNext();
        CompletableFuture<byte[]> held = CompletableFuture.supplyAsync(() -> tpm.execute(2, getRandom(4)));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertFalse(held.isDone());
        tpm.cancel();
        assertEquals(TpmRc.CANCELED.value(), rc(held.get(10, TimeUnit.SECONDS)));
        assertEquals(2, tpm.cancels());
        tpm.holdNext();
        CompletableFuture<byte[]> released = CompletableFuture.supplyAsync(() -> tpm.execute(0, getRandom(4)));
        tpm.awaitHeld();
        tpm.release();
        assertEquals(TpmRc.SUCCESS.value(), rc(released.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void failsAndAnswersAsTold() {
        FakeTpm tpm = new FakeTpm();
        TpmBackendException gone = new TpmBackendException("gone");
        tpm.failNext(gone);
        assertSame(gone, assertThrows(TpmBackendException.class, () -> tpm.execute(0, startupClear())));
        assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, startupClear())));
        byte[] canned = FakeTpm.errorResponse(TpmRc.RETRY.value());
        tpm.answerNext(canned);
        assertArrayEquals(canned, tpm.execute(0, getRandom(1)));
        assertEquals(TpmRc.SUCCESS.value(), rc(tpm.execute(0, getRandom(1))));
        tpm.failCommand(TpmCc.GET_RANDOM.value());
        assertEquals(TpmRc.BAD_AUTH.session(1), rc(tpm.execute(0, getRandom(1))));
        tpm.answerAlways(canned);
        assertArrayEquals(canned, tpm.execute(0, startupClear()));
        tpm.failAlways(gone);
        assertThrows(TpmBackendException.class, () -> tpm.execute(0, startupClear()));
        assertThrows(TpmBackendException.class, () -> tpm.execute(0, startupClear()));
    }

    @Test
    void establishmentClearsFromLocalityThreeOrFourOnly() {
        FakeTpm tpm = new FakeTpm();
        tpm.setEstablished(true);
        tpm.resetEstablished(0);
        assertTrue(tpm.isEstablished());
        tpm.resetEstablished(3);
        assertFalse(tpm.isEstablished());
        assertEquals(2, tpm.resets());
        tpm.loseControlChannel();
        assertThrows(TpmBackendException.class, tpm::isEstablished);
        assertThrows(TpmBackendException.class, tpm::cancel);
    }

    @Test
    void scriptedTpmCollectsMismatches() {
        byte[] ok = FakeTpm.errorResponse(TpmRc.SUCCESS.value());
        ScriptedTpm tpm = new ScriptedTpm().expect(startupClear(), ok);
        assertArrayEquals(ok, tpm.execute(0, getRandom(1)));
        assertEquals(TpmRc.FAILURE.value(), rc(tpm.execute(0, startupClear())));
        assertEquals(2, tpm.executed());
        assertEquals(0, tpm.remaining());
        assertEquals(2, tpm.mismatches().size());
        assertTrue(tpm.mismatches().get(0).startsWith("command 1: expected 80010000000c000001440000 got"), tpm.mismatches().get(0));
    }
}
