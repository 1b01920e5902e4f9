package io.jvtpm.engine.nv.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NV indices across restarts (TPM 2.0 Library Part 1, 37.2-37.4; libtpms' NvEntityStartup):
 * non-ORDERLY data durable before the response, ORDERLY data flushed at an orderly Shutdown, an
 * ORDERLY counter that never goes back after an unorderly end, the STCLEAR locks, CLEAR_STCLEAR,
 * and TPM2_Clear removing the owner's indices.
 */
class NvStartupTest {
    private static final AuthCommand PW = AuthCommand.emptyPassword();
    private static final int RW = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD;
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int H = 0x01000010;

    @TempDir
    Path dir;

    private InProcessBackend boot(TpmSu su) {
        InProcessBackend t = InProcessBackend.open(dir);
        t.init(false);
        assertEquals(0, TpmTestSupport.rc(t.execute(0, TpmCommands.startup(su))));
        return t;
    }

    private static void define(InProcessBackend t, int h, int attrs, int size) {
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(h, TpmAlgId.SHA256.value(), attrs, new byte[0], size)));
    }

    private static long counter(InProcessBackend t, int h) {
        return TpmWire.u64(TpmResponse.parse(TpmTestSupport.ok(t, TpmNvCommands.read(OWNER, h, PW, 8, 0))).nvData(), 0);
    }

    private static int attributes(InProcessBackend t, int h) {
        return TpmResponse.parse(TpmTestSupport.ok(t, TpmNvCommands.readPublic(h))).nvReadPublic().nvPublic()
                .attributes();
    }

    @Test
    void aWriteIsDurableBeforeTheResponse() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, RW, 16);
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, H, PW, "durable".getBytes(), 0));
        // no Shutdown, no power off: as after kill -9
        InProcessBackend again = boot(TpmSu.CLEAR);
        byte[] data = TpmResponse.parse(TpmTestSupport.ok(again, TpmNvCommands.read(OWNER, H, PW, 7, 0))).nvData();
        assertArrayEquals("durable".getBytes(), data);
    }

    @Test
    void anOrderlyCounterNeverGoesBackAfterAnUnorderlyEnd() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, TpmaNv.withType(RW | TpmaNv.ORDERLY, TpmNt.COUNTER), 8);
        for (int i = 0; i < 300; i++) {
            TpmTestSupport.ok(t, TpmNvCommands.increment(OWNER, H, PW));
        }
        assertEquals(300, counter(t, H));
        InProcessBackend crashed = boot(TpmSu.CLEAR);
        long after = counter(crashed, H);
        assertTrue(after >= 300, "the counter went back to " + after);
        assertEquals(256 | NvIndices.MAX_ORDERLY_COUNT, after, "the NV copy of 256 moved to the top of its window");
        TpmTestSupport.ok(crashed, TpmNvCommands.increment(OWNER, H, PW));
        TpmTestSupport.ok(crashed, TpmCommands.shutdown(TpmSu.CLEAR));
        crashed.powerOff();
        assertEquals(after + 1, counter(boot(TpmSu.CLEAR), H), "an orderly Shutdown keeps the exact value");
    }

    @Test
    void orderlyDataIsFlushedAtAnOrderlyShutdownOnly() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, RW | TpmaNv.ORDERLY, 8);
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, H, PW, new byte[] {1, 2, 3}, 0));
        InProcessBackend crashed = boot(TpmSu.CLEAR);
        assertEquals(TpmRc.NV_UNINITIALIZED.value(),
                TpmTestSupport.rc(crashed.execute(0, TpmNvCommands.read(OWNER, H, PW, 3, 0))),
                "RAM data is lost without a Shutdown, and an ORDERLY index is unwritten after a TPM Reset");
        TpmTestSupport.ok(crashed, TpmNvCommands.write(OWNER, H, PW, new byte[] {4, 5, 6}, 0));
        TpmTestSupport.ok(crashed, TpmCommands.shutdown(TpmSu.STATE));
        InProcessBackend resumed = boot(TpmSu.STATE);
        assertArrayEquals(new byte[] {4, 5, 6},
                TpmResponse.parse(TpmTestSupport.ok(resumed, TpmNvCommands.read(OWNER, H, PW, 3, 0))).nvData());
    }

    @Test
    void stclearLocksEndAtStartupClearAndStayOnResume() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        int s = H;
        int d = H + 1;
        int c = H + 2;
        define(t, s, RW | TpmaNv.WRITE_STCLEAR | TpmaNv.READ_STCLEAR, 8);
        define(t, d, RW | TpmaNv.WRITEDEFINE, 8);
        define(t, c, RW | TpmaNv.CLEAR_STCLEAR, 8);
        for (int h : new int[] {s, d, c}) {
            TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, h, PW, new byte[8], 0));
        }
        TpmTestSupport.ok(t, TpmNvCommands.writeLock(OWNER, s, PW));
        TpmTestSupport.ok(t, TpmNvCommands.readLock(OWNER, s, PW));
        TpmTestSupport.ok(t, TpmNvCommands.writeLock(OWNER, d, PW));
        TpmTestSupport.ok(t, TpmCommands.shutdown(TpmSu.STATE));
        t = boot(TpmSu.STATE);
        assertTrue((attributes(t, s) & TpmaNv.WRITELOCKED) != 0, "Resume keeps a WRITE_STCLEAR lock");
        assertTrue((attributes(t, c) & TpmaNv.WRITTEN) != 0, "Resume keeps CLEAR_STCLEAR's WRITTEN");
        TpmTestSupport.ok(t, TpmCommands.shutdown(TpmSu.CLEAR));
        t = boot(TpmSu.CLEAR);
        int sa = attributes(t, s);
        assertFalse((sa & (TpmaNv.WRITELOCKED | TpmaNv.READLOCKED)) != 0, "Startup(CLEAR) ends the STCLEAR locks");
        assertTrue((attributes(t, d) & TpmaNv.WRITELOCKED) != 0, "a WRITEDEFINE lock of a written index stays");
        assertFalse((attributes(t, c) & TpmaNv.WRITTEN) != 0, "CLEAR_STCLEAR clears WRITTEN");
        assertEquals(TpmRc.NV_LOCKED.value(), TpmTestSupport.rc(t.execute(0,
                TpmNvCommands.write(OWNER, d, PW, new byte[8], 0))));
    }

    @Test
    void clearRemovesOwnerIndicesAndKeepsPlatformOnes() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, RW, 8);
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.PLATFORM, PW, new byte[0], new NvPublic(H + 1,
                TpmAlgId.SHA256.value(), TpmaNv.PPREAD | TpmaNv.PPWRITE | TpmaNv.PLATFORMCREATE, new byte[0], 8)));
        TpmTestSupport.ok(t, TpmCommands.clear(TpmRh.PLATFORM));
        assertEquals(TpmRc.HANDLE.handle(1), TpmTestSupport.rc(t.execute(0, TpmNvCommands.readPublic(H))));
        TpmTestSupport.ok(t, TpmNvCommands.readPublic(H + 1));
        assertEquals(TpmRc.HANDLE.handle(1), TpmTestSupport.rc(boot(TpmSu.CLEAR).execute(0,
                TpmNvCommands.readPublic(H))), "gone from NV too");
    }

    @Test
    void anOrderlyCounterNeverGoesBackAcrossAStoredVolatileState() {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, TpmaNv.withType(RW | TpmaNv.ORDERLY, TpmNt.COUNTER), 8);
        for (int i = 0; i < 10; i++) {
            TpmTestSupport.ok(t, TpmNvCommands.increment(OWNER, H, PW));
        }
        t.storeVolatile();
        // a new process resumes the volatile state (no Startup): only the NV copy of the counter is there
        InProcessBackend resumed = InProcessBackend.open(dir);
        resumed.init(false);
        long v = counter(resumed, H);
        assertTrue(v >= 10, "the counter went back to " + v);
    }

    @Test
    void aVolatileStateBlobCarriesTheRamOfOrderlyIndicesToAnotherTpm(@TempDir Path target) {
        InProcessBackend t = boot(TpmSu.CLEAR);
        define(t, H, RW | TpmaNv.ORDERLY, 8);
        define(t, H + 1, TpmaNv.withType(RW | TpmaNv.ORDERLY, TpmNt.COUNTER), 8);
        for (int i = 0; i < 10; i++) {
            TpmTestSupport.ok(t, TpmNvCommands.increment(OWNER, H + 1, PW));
        }
        // after the counter's first increment, which flushed the ORDERLY indices: only in RAM
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, H, PW, "migrate!".getBytes(), 0));
        // swtpm_ioctl --save permanent/volatile on the source, --load on a stopped destination, then _TPM_Init
        // with PTM_INIT_FLAG_DELETE_VOLATILE, as QEMU's migration and swtpm_ioctl -i send it
        byte[] permanent = t.getStateBlob(ManagedTpm.StateBlob.PERMANENT);
        byte[] volatileState = t.getStateBlob(ManagedTpm.StateBlob.VOLATILE);
        InProcessBackend moved = InProcessBackend.open(target);
        moved.setStateBlob(ManagedTpm.StateBlob.PERMANENT, permanent);
        moved.setStateBlob(ManagedTpm.StateBlob.VOLATILE, volatileState);
        moved.init(true);
        byte[] data = TpmResponse.parse(TpmTestSupport.ok(moved, TpmNvCommands.read(OWNER, H, PW, 8, 0))).nvData();
        assertArrayEquals("migrate!".getBytes(), data, "the ORDERLY index's RAM data came along");
        assertTrue((attributes(moved, H) & TpmaNv.WRITTEN) != 0);
        long v = counter(moved, H + 1);
        assertTrue(v >= 10 && v <= (1 | NvIndices.MAX_ORDERLY_COUNT), "the ORDERLY counter at " + v);
    }
}
