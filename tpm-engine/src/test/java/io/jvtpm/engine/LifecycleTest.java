package io.jvtpm.engine;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.ok;
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
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Power and startup sequences (TPM 2.0 Library Part 1, 36; Part 3, 6 and 9), the PC Client
 * profile's PCR locality rules, H-CRTM/DRTM, buffer size and state blobs.
 */
class LifecycleTest {
    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);
    private static final byte[] STARTUP_STATE = TpmCommands.startup(TpmSu.STATE);
    private static final byte[] SHUTDOWN_CLEAR = TpmCommands.shutdown(TpmSu.CLEAR);
    private static final byte[] SHUTDOWN_STATE = TpmCommands.shutdown(TpmSu.STATE);
    private static final byte[] READ_CLOCK = TpmCommands.readClock();
    private static final byte[] PCR_BANKS = TpmCommands.getCapability(TpmCap.PCRS, 0, 8);

    private static byte[] changeAuth(TpmRh hierarchy, String auth, String newAuth) {
        return TpmCommands.hierarchyChangeAuth(hierarchy, auth.getBytes(StandardCharsets.US_ASCII),
                newAuth.getBytes(StandardCharsets.US_ASCII));
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
        byte[] r = ok(t, TpmCommands.pcrRead(HashAlgorithm.SHA256, pcr));
        assertEquals(62, r.length, "one digest");
        return Arrays.copyOfRange(r, 30, 62);
    }

    private static int u32(byte[] r, int off) {
        return ((r[off] & 0xFF) << 24) | ((r[off + 1] & 0xFF) << 16) | ((r[off + 2] & 0xFF) << 8) | (r[off + 3] & 0xFF);
    }

    private static int resetCount(InProcessBackend t) {
        return u32(ok(t, READ_CLOCK), 26);
    }

    private static int restartCount(InProcessBackend t) {
        return u32(ok(t, READ_CLOCK), 30);
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
            byte[] r = ok(t, TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.MAX_COMMAND_SIZE.value(), 2));
            assertEquals(3968, u32(r, 23));
            assertEquals(3968, u32(r, 31));
            assertThrows(TpmBackendException.class, () -> t.setBufferSize(3000));
            byte[] big = CommandBuilder.of(TpmCc.STIR_RANDOM).bytes(new byte[3960]).build();
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
            ok(t, SHUTDOWN_STATE);
            t.init();
            assertEquals(TpmRc.LOCALITY.value(), rc(t.execute(0, STARTUP_STATE)));
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
            assertEquals(TpmRc.LOCALITY.value(), rc(t.execute(1, STARTUP_CLEAR)));
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
            ok(t, TpmTestSupport.extendSha256(0, 0x11));
            ok(t, TpmTestSupport.extendSha256(16, 0x11));
            ok(t, changeAuth(TpmRh.PLATFORM, "", "pp"));
            byte[] pcr0 = pcr256(t, 0);
            // TPM Resume
            ok(t, SHUTDOWN_STATE);
            assertTrue(t.getStateBlob(ManagedTpm.StateBlob.SAVESTATE).length > 0);
            t.init();
            ok(t, STARTUP_STATE);
            assertArrayEquals(pcr0, pcr256(t, 0));
            assertArrayEquals(new byte[32], pcr256(t, 16), "PCR 16 is not saved");
            assertEquals(resets, resetCount(t));
            assertEquals(1, restartCount(t));
            ok(t, changeAuth(TpmRh.PLATFORM, "pp", ""));
            // TPM Restart
            ok(t, SHUTDOWN_STATE);
            t.init();
            ok(t, STARTUP_CLEAR);
            assertArrayEquals(new byte[32], pcr256(t, 0));
            assertEquals(resets, resetCount(t));
            assertEquals(2, restartCount(t));
            // TPM Reset
            ok(t, SHUTDOWN_CLEAR);
            t.init();
            assertEquals(TpmRc.VALUE.param(1), rc(t.execute(0, STARTUP_STATE)));
            ok(t, STARTUP_CLEAR);
            assertEquals(resets + 1, resetCount(t));
            assertEquals(0, restartCount(t));
        }
    }

    @Test
    void platformAuthIsClearedByStartupClear() {
        try (InProcessBackend t = TpmTestSupport.started(9)) {
            ok(t, changeAuth(TpmRh.PLATFORM, "", "pp"));
            t.init();
            ok(t, STARTUP_CLEAR);
            ok(t, changeAuth(TpmRh.PLATFORM, "", ""));
        }
    }

    @Test
    void pcrAllocateTakesEffectAtTheNextStartupClear() {
        try (InProcessBackend t = TpmTestSupport.started(10)) {
            byte[] before = ok(t, PCR_BANKS);
            ok(t, TpmCommands.pcrAllocate(TpmRh.PLATFORM, List.of(new PcrSelection(HashAlgorithm.SHA1, 0))));
            assertArrayEquals(before, ok(t, PCR_BANKS));
            assertEquals(TpmRc.TYPE.param(1), rc(t.execute(0, SHUTDOWN_STATE)));
            t.init();
            ok(t, STARTUP_CLEAR);
            byte[] after = ok(t, PCR_BANKS);
            // sha1 bank now empty: 0004 03 000000
            assertEquals("000403000000", hex(Arrays.copyOfRange(after, 19, 25)));
            byte[] read = ok(t, TpmCommands.pcrRead(List.of(
                    new PcrSelection(HashAlgorithm.SHA1, PcrSelection.ALL_PCRS))));
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
                    byte[] e = t.execute(loc, TpmTestSupport.extendSha256(pcr, 0));
                    int want = (extend[loc] & (1 << pcr)) != 0 ? 0 : TpmRc.LOCALITY.value();
                    assertEquals(want, rc(e), "extend PCR " + pcr + " at locality " + loc);
                    byte[] r = t.execute(loc, TpmCommands.pcrReset(pcr));
                    want = (reset[loc] & (1 << pcr)) != 0 ? 0 : TpmRc.LOCALITY.value();
                    assertEquals(want, rc(r), "reset PCR " + pcr + " at locality " + loc);
                }
            }
        }
    }

    @Test
    void clockSetOnlyMovesForward() {
        try (InProcessBackend t = TpmTestSupport.started(12)) {
            ok(t, TpmCommands.clockSet(0x1_0000_0000L));
            assertEquals(TpmRc.VALUE.param(1),
                    rc(t.execute(0, TpmCommands.clockSet(0xFFFF_FFFFL))));
            assertEquals(TpmRc.VALUE.param(1),
                    rc(t.execute(0, TpmCommands.clockSet(0xFFFF_0000_0000_0001L))));
            byte[] r = ok(t, READ_CLOCK);
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
            ok(t, changeAuth(TpmRh.LOCKOUT, "", "lk"));
            assertEquals(TpmRc.AUTH_FAIL.session(1),
                    rc(t.execute(0, changeAuth(TpmRh.LOCKOUT, "", ""))));
            byte[] right = changeAuth(TpmRh.LOCKOUT, "lk", "lk");
            assertEquals(TpmRc.LOCKOUT.value(), rc(t.execute(0, right)));
            byte[] perm = ok(t, TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PERMANENT.value(), 1));
            // inLockout is failedTries reaching maxTries, not lockoutAuth's own lockout (libtpms alike)
            assertEquals(0, u32(perm, 23) & (1 << 9), "inLockout");
            clock.advance(1_000_000);
            ok(t, right);
            // owner, endorsement and platform are not subject to lockout
            assertEquals(TpmRc.BAD_AUTH.session(1), rc(t.execute(0, changeAuth(TpmRh.OWNER, "x", ""))));
        }
    }

    @Test
    void storedVolatileStateResumesAtInit() {
        try (InProcessBackend t = TpmTestSupport.started(14)) {
            ok(t, TpmTestSupport.extendSha256(16, 0x22));
            byte[] pcr16 = pcr256(t, 16);
            t.storeVolatile();
            byte[] blob = t.getStateBlob(ManagedTpm.StateBlob.VOLATILE);
            assertTrue(blob.length > 0);
            t.init(false);
            assertArrayEquals(pcr16, pcr256(t, 16), "resumed without Startup");
            t.storeVolatile();
            t.init(true);
            assertEquals(TpmRc.INITIALIZE.value(), rc(t.execute(0, READ_CLOCK)));
        }
    }

    @Test
    void stateBlobsMoveBetweenTpms() {
        byte[] perm;
        try (InProcessBackend a = TpmTestSupport.started(15)) {
            ok(a, changeAuth(TpmRh.OWNER, "", "own"));
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
                    rc(b.execute(0, changeAuth(TpmRh.OWNER, "", ""))));
            ok(b, changeAuth(TpmRh.OWNER, "own", ""));
        }
    }

    @Test
    void cancelAndPhysicalPresenceDoNotDisturbCommands() {
        try (InProcessBackend t = TpmTestSupport.started(17)) {
            t.cancel();
            t.setPhysicalPresence(true);
            ok(t, TpmCommands.getRandom(16));
            t.powerOff();
            assertFalse(t.isRunning());
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, TpmCommands.getRandom(16))));
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
        assertEquals(1, ok(a, READ_CLOCK)[34], "safe");
        // a second TPM on the same NV without a Shutdown or power-off of the first: a crash
        try (InProcessBackend b = InProcessBackend.onPlatform(
                new Platform(new SeededEntropy(19), clock, nv, new PlatformSignals()))) {
            b.init();
            ok(b, STARTUP_CLEAR);
            assertEquals(0, ok(b, READ_CLOCK)[34], "safe after a non-orderly shutdown");
            clock.advance(5000);
            ok(b, TpmCommands.getRandom(1));
            assertEquals(1, ok(b, READ_CLOCK)[34], "safe after the periodic NV update");
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
            byte[] r1 = ok(t, READ_CLOCK);
            long c1 = ((long) u32(r1, 18) << 32) | (u32(r1, 22) & 0xFFFFFFFFL);
            assertEquals(1500, u32(r1, 14), "time since _TPM_Init");
            ok(t, SHUTDOWN_CLEAR);
            t.powerOff();
            clock.advance(100_000);
            t.init();
            ok(t, STARTUP_CLEAR);
            byte[] r2 = ok(t, READ_CLOCK);
            long c2 = ((long) u32(r2, 18) << 32) | (u32(r2, 22) & 0xFFFFFFFFL);
            assertEquals(c1, c2, "Clock did not run while off");
            assertEquals(0, u32(r2, 14), "time restarts at _TPM_Init");
        }
    }

    /** Devices may run quick commands on the vCPU thread: all but those that may generate a key. */
    @Test
    void quickCommandsAreAllButKeyGeneration() {
        try (InProcessBackend tpm = InProcessBackend.inMemory(11)) {
            assertTrue(tpm.isQuick(TpmCommands.getRandom(16)), "GetRandom");
            assertTrue(tpm.isQuick(TpmTestSupport.extendSha256(16, 0)), "PCR_Extend");
            assertTrue(tpm.isQuick(TpmCommands.selfTest(true)), "SelfTest");
            assertTrue(tpm.isQuick(CommandBuilder.of(0xFFFF).build()), "an unknown command answers at once");
            assertTrue(tpm.isQuick(new byte[3]), "so does a malformed one");
            assertFalse(tpm.isQuick(TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], new byte[0])), "CreatePrimary");
            int parent = TpmHt.TRANSIENT.first();
            assertFalse(tpm.isQuick(CommandBuilder.of(TpmCc.CREATE).handle(parent).emptyPassword().build()), "Create");
            assertFalse(tpm.isQuick(CommandBuilder.of(TpmCc.CREATE_LOADED).handle(parent).emptyPassword().build()),
                    "CreateLoaded");
        }
    }
}
