package io.jvtpm.engine;

import static io.jvtpm.engine.TpmTestSupport.cmd;
import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.TpmRc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Power and startup sequences (TPM 2.0 Library Part 1, 36; Part 3, 6 and 9), the PC Client
 * profile's PCR locality rules, H-CRTM/DRTM, buffer size and state blobs.
 */
class LifecycleTest {
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final String Z32 = "00".repeat(32);
    private static final String STARTUP_CLEAR = "8001 00000000 00000144 0000";
    private static final String STARTUP_STATE = "8001 00000000 00000144 0001";

    private static byte[] ok(InProcessBackend t, String c) {
        return ok(t, 0, c);
    }

    private static byte[] ok(InProcessBackend t, int locality, String c) {
        byte[] r = t.execute(locality, cmd(c));
        assertEquals(0, rc(r), () -> c + " -> " + hex(r));
        return r;
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** PCR_Read of one SHA-256 PCR: the 32-byte value. */
    static byte[] pcr256(InProcessBackend t, int pcr) {
        int m = 1 << pcr;
        byte[] r = ok(t, String.format("8001 00000000 0000017e 00000001 000b 03 %02x%02x%02x", m & 0xFF,
                (m >>> 8) & 0xFF, (m >>> 16) & 0xFF));
        assertEquals(62, r.length, "one digest");
        return Arrays.copyOfRange(r, 30, 62);
    }

    private static int u32(byte[] r, int off) {
        return ((r[off] & 0xFF) << 24) | ((r[off + 1] & 0xFF) << 16) | ((r[off + 2] & 0xFF) << 8) | (r[off + 3] & 0xFF);
    }

    private static int resetCount(InProcessBackend t) {
        return u32(ok(t, "8001 00000000 00000181"), 26);
    }

    private static int restartCount(InProcessBackend t) {
        return u32(ok(t, "8001 00000000 00000181"), 30);
    }

    @Test
    void bufferSizeIsClampedAndReported() {
        try (InProcessBackend t = InProcessBackend.inMemory(3)) {
            assertEquals(4096, t.bufferSize());
            assertEquals(4096, t.setBufferSize(0));
            assertEquals(2808, t.setBufferSize(100));
            assertEquals(4096, t.setBufferSize(100_000));
            assertEquals(3968, t.setBufferSize(3968));
            t.init();
            ok(t, STARTUP_CLEAR);
            byte[] r = ok(t, "8001 00000000 0000017a 00000006 0000011e 00000002");
            assertEquals(3968, u32(r, 23));
            assertEquals(3968, u32(r, 31));
            assertThrows(TpmBackendException.class, () -> t.setBufferSize(3000));
            byte[] big = cmd("8001 00000000 00000146 " + "00".repeat(3960));
            assertEquals(TpmRc.COMMAND_SIZE.value(), rc(t.execute(0, big)));
        }
    }

    @Test
    void hcrtmBeforeStartupExtendsPcr0AndSetsEstablished() throws Exception {
        try (InProcessBackend t = InProcessBackend.inMemory(4)) {
            t.init();
            assertFalse(t.isEstablished());
            byte[] data = "crtm code".getBytes(StandardCharsets.US_ASCII);
            t.hashStart();
            t.hashData(Arrays.copyOf(data, 4));
            t.hashData(Arrays.copyOfRange(data, 4, data.length));
            t.hashEnd();
            assertTrue(t.isEstablished());
            ok(t, STARTUP_CLEAR);
            byte[] start = new byte[32];
            start[31] = 4;
            assertArrayEquals(sha256(start, sha256(data)), pcr256(t, 0));
            // a Startup(STATE) must match the H-CRTM state of the previous startup
            ok(t, "8001 00000000 00000145 0001");
            t.init();
            assertEquals(TpmRc.LOCALITY.value(), rc(t.execute(0, cmd(STARTUP_STATE))));
            t.resetEstablished(0);
            assertTrue(t.isEstablished(), "locality 0 cannot reset it");
            t.resetEstablished(3);
            assertFalse(t.isEstablished());
        }
    }

    @Test
    void drtmAfterStartupResetsAndExtendsPcr17() throws Exception {
        try (InProcessBackend t = TpmTestSupport.started(5)) {
            byte[] ones = new byte[32];
            Arrays.fill(ones, (byte) 0xFF);
            assertArrayEquals(ones, pcr256(t, 17));
            byte[] data = {1, 2, 3};
            t.hashStart();
            t.hashData(data);
            t.hashEnd();
            assertArrayEquals(sha256(new byte[32], sha256(data)), pcr256(t, 17));
            assertArrayEquals(new byte[32], pcr256(t, 18));
            assertTrue(t.isEstablished());
        }
    }

    @Test
    void startupLocality() {
        try (InProcessBackend t = InProcessBackend.inMemory(6)) {
            t.init();
            assertEquals(TpmRc.LOCALITY.value(), rc(t.execute(1, cmd(STARTUP_CLEAR))));
            ok(t, 3, STARTUP_CLEAR);
            byte[] want = new byte[32];
            want[31] = 3;
            assertArrayEquals(want, pcr256(t, 0));
        }
    }

    @Test
    void resumeRestartAndReset() {
        try (InProcessBackend t = TpmTestSupport.started(8)) {
            int resets = resetCount(t);
            ok(t, "8002 00000000 00000182 00000000 " + PW + " 00000001 000b " + "11".repeat(32));
            ok(t, "8002 00000000 00000182 00000010 " + PW + " 00000001 000b " + "11".repeat(32));
            ok(t, "8002 00000000 00000129 4000000c " + PW + " 0002 7070");
            byte[] pcr0 = pcr256(t, 0);
            // TPM Resume
            ok(t, "8001 00000000 00000145 0001");
            assertTrue(t.getStateBlob(ManagedTpm.StateBlob.SAVESTATE).length > 0);
            t.init();
            ok(t, STARTUP_STATE);
            assertArrayEquals(pcr0, pcr256(t, 0));
            assertArrayEquals(new byte[32], pcr256(t, 16), "PCR 16 is not saved");
            assertEquals(resets, resetCount(t));
            assertEquals(1, restartCount(t));
            ok(t, "8002 00000000 00000129 4000000c 0000000b 40000009 0000 00 0002 7070 0000");
            // TPM Restart
            ok(t, "8001 00000000 00000145 0001");
            t.init();
            ok(t, STARTUP_CLEAR);
            assertArrayEquals(new byte[32], pcr256(t, 0));
            assertEquals(resets, resetCount(t));
            assertEquals(2, restartCount(t));
            // TPM Reset
            ok(t, "8001 00000000 00000145 0000");
            t.init();
            assertEquals(TpmRc.VALUE.param(1), rc(t.execute(0, cmd(STARTUP_STATE))));
            ok(t, STARTUP_CLEAR);
            assertEquals(resets + 1, resetCount(t));
            assertEquals(0, restartCount(t));
        }
    }

    @Test
    void platformAuthIsClearedByStartupClear() {
        try (InProcessBackend t = TpmTestSupport.started(9)) {
            ok(t, "8002 00000000 00000129 4000000c " + PW + " 0002 7070");
            t.init();
            ok(t, STARTUP_CLEAR);
            ok(t, "8002 00000000 00000129 4000000c " + PW + " 0000");
        }
    }

    @Test
    void pcrAllocateTakesEffectAtTheNextStartupClear() {
        try (InProcessBackend t = TpmTestSupport.started(10)) {
            byte[] before = ok(t, "8001 00000000 0000017a 00000005 00000000 00000008");
            ok(t, "8002 00000000 0000012b 4000000c " + PW + " 00000001 0004 03 000000");
            assertArrayEquals(before, ok(t, "8001 00000000 0000017a 00000005 00000000 00000008"));
            assertEquals(TpmRc.TYPE.param(1), rc(t.execute(0, cmd("8001 00000000 00000145 0001"))));
            t.init();
            ok(t, STARTUP_CLEAR);
            byte[] after = ok(t, "8001 00000000 0000017a 00000005 00000000 00000008");
            // sha1 bank now empty: 0004 03 000000
            assertEquals("000403000000", hex(Arrays.copyOfRange(after, 19, 25)));
            byte[] read = ok(t, "8001 00000000 0000017e 00000001 0004 03 ffffff");
            assertEquals("00000001000403000000" + "00000000", hex(Arrays.copyOfRange(read, 14, read.length)));
        }
    }

    /** Extend and reset permissions per locality from the PC Client profile (TPM_PT_PCR_EXTEND_Ln / RESET_Ln). */
    @Test
    void pcrLocalityRules() {
        int low = 0xFFFF;
        int[] extend = {low | 0x81 << 16, low | 0x91 << 16, low | 0xFF << 16, low | 0x9F << 16, low | 0x87 << 16};
        int[] reset = {0x81 << 16, 0x81 << 16, 0xF1 << 16, 0x81 << 16, 0x7E << 16};
        try (InProcessBackend t = TpmTestSupport.started(11)) {
            for (int loc = 0; loc <= 4; loc++) {
                for (int pcr = 0; pcr < 24; pcr++) {
                    byte[] e = t.execute(loc, cmd(String.format("8002 00000000 00000182 %08x %s 00000001 000b %s",
                            pcr, PW, Z32)));
                    int want = (extend[loc] & (1 << pcr)) != 0 ? 0 : TpmRc.LOCALITY.value();
                    assertEquals(want, rc(e), "extend PCR " + pcr + " at locality " + loc);
                    byte[] r = t.execute(loc, cmd(String.format("8002 00000000 0000013d %08x %s", pcr, PW)));
                    want = (reset[loc] & (1 << pcr)) != 0 ? 0 : TpmRc.LOCALITY.value();
                    assertEquals(want, rc(r), "reset PCR " + pcr + " at locality " + loc);
                }
            }
        }
    }

    @Test
    void clockSetOnlyMovesForward() {
        try (InProcessBackend t = TpmTestSupport.started(12)) {
            ok(t, "8002 00000000 00000128 40000001 " + PW + " 0000000100000000");
            assertEquals(TpmRc.VALUE.param(1),
                    rc(t.execute(0, cmd("8002 00000000 00000128 40000001 " + PW + " 00000000ffffffff"))));
            assertEquals(TpmRc.VALUE.param(1),
                    rc(t.execute(0, cmd("8002 00000000 00000128 40000001 " + PW + " ffff000000000001"))));
            byte[] r = ok(t, "8001 00000000 00000181");
            assertTrue(u32(r, 18) == 1, "clock high word");
        }
    }

    @Test
    void lockoutAuthFailureLocksUntilRecovery() {
        ManualClock clock = new ManualClock();
        Platform p = new Platform(new SeededEntropy(13), clock, new MemoryNvStore(), new PlatformSignals());
        try (InProcessBackend t = InProcessBackend.onPlatform(p)) {
            t.init();
            ok(t, STARTUP_CLEAR);
            ok(t, "8002 00000000 00000129 4000000a " + PW + " 0002 6c6b");
            assertEquals(TpmRc.AUTH_FAIL.session(1),
                    rc(t.execute(0, cmd("8002 00000000 00000129 4000000a " + PW + " 0000"))));
            String right = "8002 00000000 00000129 4000000a 0000000b 40000009 0000 00 0002 6c6b 0002 6c6b";
            assertEquals(TpmRc.LOCKOUT.value(), rc(t.execute(0, cmd(right))));
            byte[] perm = ok(t, "8001 00000000 0000017a 00000006 00000200 00000001");
            assertEquals(1 << 9, u32(perm, 23) & (1 << 9), "inLockout");
            clock.advance(1_000_000);
            ok(t, right);
            // owner, endorsement and platform are not subject to lockout
            assertEquals(TpmRc.BAD_AUTH.session(1), rc(t.execute(0, cmd(
                    "8002 00000000 00000129 40000001 00000009 40000009 0000 00 0001 78 0000".replace("00000009", "0000000a")))));
        }
    }

    @Test
    void storedVolatileStateResumesAtInit() {
        try (InProcessBackend t = TpmTestSupport.started(14)) {
            ok(t, "8002 00000000 00000182 00000010 " + PW + " 00000001 000b " + "22".repeat(32));
            byte[] pcr16 = pcr256(t, 16);
            t.storeVolatile();
            byte[] blob = t.getStateBlob(ManagedTpm.StateBlob.VOLATILE);
            assertTrue(blob.length > 0);
            t.init(false);
            assertArrayEquals(pcr16, pcr256(t, 16), "resumed without Startup");
            t.storeVolatile();
            t.init(true);
            assertEquals(TpmRc.INITIALIZE.value(), rc(t.execute(0, cmd("8001 00000000 00000181"))));
        }
    }

    @Test
    void stateBlobsMoveBetweenTpms() {
        byte[] perm;
        try (InProcessBackend a = TpmTestSupport.started(15)) {
            ok(a, "8002 00000000 00000129 40000001 " + PW + " 0003 6f776e");
            perm = a.getStateBlob(ManagedTpm.StateBlob.PERMANENT);
        }
        try (InProcessBackend b = InProcessBackend.inMemory(16)) {
            byte[] bad = perm.clone();
            bad[bad.length / 2] ^= 1;
            assertThrows(TpmStateException.class, () -> b.setStateBlob(ManagedTpm.StateBlob.PERMANENT, bad));
            assertThrows(TpmStateException.class, () -> b.setStateBlob(ManagedTpm.StateBlob.SAVESTATE, perm));
            b.setStateBlob(ManagedTpm.StateBlob.PERMANENT, perm);
            b.init();
            assertThrows(TpmStateException.class, () -> b.setStateBlob(ManagedTpm.StateBlob.PERMANENT, perm));
            ok(b, STARTUP_CLEAR);
            assertEquals(TpmRc.BAD_AUTH.session(1),
                    rc(b.execute(0, cmd("8002 00000000 00000129 40000001 " + PW + " 0000"))));
            ok(b, "8002 00000000 00000129 40000001 0000000c 40000009 0000 00 0003 6f776e 0000");
        }
    }

    @Test
    void cancelAndPhysicalPresenceDoNotDisturbCommands() {
        try (InProcessBackend t = TpmTestSupport.started(17)) {
            t.cancel();
            t.setPhysicalPresence(true);
            ok(t, "8001 00000000 0000017b 0010");
            t.powerOff();
            assertFalse(t.isRunning());
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, cmd("8001 00000000 0000017b 0010"))));
        }
    }
    @Test
    void clockIsUnsafeAfterANonOrderlyShutdownUntilItsNextNvUpdate() {
        ManualClock clock = new ManualClock();
        MemoryNvStore nv = new MemoryNvStore();
        InProcessBackend a = InProcessBackend.onPlatform(
                new Platform(new SeededEntropy(18), clock, nv, new PlatformSignals()));
        a.init();
        ok(a, STARTUP_CLEAR);
        assertEquals(1, ok(a, "8001 00000000 00000181")[34], "safe");
        // a second TPM on the same NV without a Shutdown or power-off of the first: a crash
        try (InProcessBackend b = InProcessBackend.onPlatform(
                new Platform(new SeededEntropy(19), clock, nv, new PlatformSignals()))) {
            b.init();
            ok(b, STARTUP_CLEAR);
            assertEquals(0, ok(b, "8001 00000000 00000181")[34], "safe after a non-orderly shutdown");
            clock.advance(5000);
            ok(b, "8001 00000000 0000017b 0001");
            assertEquals(1, ok(b, "8001 00000000 00000181")[34], "safe after the periodic NV update");
        }
    }

    @Test
    void clockStopsWhilePoweredOff() {
        ManualClock clock = new ManualClock();
        try (InProcessBackend t = InProcessBackend.onPlatform(
                new Platform(new SeededEntropy(20), clock, new MemoryNvStore(), new PlatformSignals()))) {
            t.init();
            ok(t, STARTUP_CLEAR);
            clock.advance(1500);
            byte[] r1 = ok(t, "8001 00000000 00000181");
            long c1 = ((long) u32(r1, 18) << 32) | (u32(r1, 22) & 0xFFFFFFFFL);
            assertEquals(1500, u32(r1, 14), "time since _TPM_Init");
            ok(t, "8001 00000000 00000145 0000");
            t.powerOff();
            clock.advance(100_000);
            t.init();
            ok(t, STARTUP_CLEAR);
            byte[] r2 = ok(t, "8001 00000000 00000181");
            long c2 = ((long) u32(r2, 18) << 32) | (u32(r2, 22) & 0xFFFFFFFFL);
            assertEquals(c1, c2, "Clock did not run while off");
            assertEquals(0, u32(r2, 14), "time restarts at _TPM_Init");
        }
    }

    /** Devices may run quick commands on the vCPU thread: all but those that may generate a key. */
    @Test
    void quickCommandsAreAllButKeyGeneration() {
        try (InProcessBackend tpm = InProcessBackend.inMemory(11)) {
            assertTrue(tpm.isQuick(cmd("8001 00000000 0000017B 0010")), "GetRandom");
            assertTrue(tpm.isQuick(cmd("8002 00000000 00000182 00000010")), "PCR_Extend");
            assertTrue(tpm.isQuick(cmd("8001 00000000 00000143 01")), "SelfTest");
            assertTrue(tpm.isQuick(cmd("8001 00000000 0000FFFF")), "an unknown command answers at once");
            assertTrue(tpm.isQuick(new byte[3]), "so does a malformed one");
            assertFalse(tpm.isQuick(cmd("8002 00000000 00000131 40000001")), "CreatePrimary");
            assertFalse(tpm.isQuick(cmd("8002 00000000 00000153 80000000")), "Create");
            assertFalse(tpm.isQuick(cmd("8002 00000000 00000191 80000000")), "CreateLoaded");
        }
    }
}
