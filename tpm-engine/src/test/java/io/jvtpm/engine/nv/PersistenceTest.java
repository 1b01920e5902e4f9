package io.jvtpm.engine.nv;

import static io.jvtpm.engine.TpmTestSupport.cmd;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.TpmRc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory: reload after restart, atomic writes, corrupt and torn files reported. */
class PersistenceTest {
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final String OWNER_PW = "0000000c 40000009 0000 00 0003 6f776e";

    @TempDir
    Path dir;

    private static byte[] ok(InProcessBackend t, String c) {
        byte[] r = t.execute(0, cmd(c));
        assertEquals(0, rc(r), () -> c + " -> " + TpmTestSupport.hex(r));
        return r;
    }

    private static byte[] pcr0(InProcessBackend t) {
        byte[] r = ok(t, "8001 00000000 0000017e 00000001 000b 03 010000");
        return Arrays.copyOfRange(r, 30, 62);
    }

    @Test
    void stateSurvivesCloseAndReopen() {
        byte[] pcr;
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0000");
            ok(t, "8002 00000000 00000129 40000001 " + PW + " 0003 6f776e");
            ok(t, "8002 00000000 00000182 00000000 " + PW + " 00000001 000b " + "33".repeat(32));
            pcr = pcr0(t);
            ok(t, "8001 00000000 00000145 0001");
            t.powerOff();
        }
        assertTrue(Files.exists(dir.resolve("permanent.state")));
        assertTrue(Files.exists(dir.resolve("savestate.state")));
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0001");
            assertArrayEquals(pcr, pcr0(t));
            assertEquals(TpmRc.BAD_AUTH.session(1),
                    rc(t.execute(0, cmd("8002 00000000 00000129 40000001 " + PW + " 0000"))));
            ok(t, "8002 00000000 00000129 40000001 " + OWNER_PW + " 0000");
        }
    }

    @Test
    void withoutShutdownTheNextStartupIsAReset() {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0000");
            // no Shutdown: like a kill -9
        }
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            byte[] r = t.execute(0, cmd("8001 00000000 00000144 0001"));
            assertEquals(TpmRc.VALUE.param(1), rc(r));
            ok(t, "8001 00000000 00000144 0000");
            byte[] clock = ok(t, "8001 00000000 00000181");
            assertEquals(2, clock[29], "resetCount");
        }
    }

    private void manufacture() {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0000");
            ok(t, "8001 00000000 00000145 0000");
        }
    }

    @Test
    void flippedByteIsReportedWithTheFileName() throws IOException {
        manufacture();
        Path f = dir.resolve("permanent.state");
        byte[] b = Files.readAllBytes(f);
        for (int i : new int[] {0, 5, 7, 12, b.length / 2, b.length - 1}) {
            byte[] c = b.clone();
            c[i] ^= 0x10;
            Files.write(f, c);
            TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir), "byte " + i);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
        Files.write(f, b);
        InProcessBackend.open(dir).close();
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        manufacture();
        Path f = dir.resolve("permanent.state");
        byte[] b = Files.readAllBytes(f);
        for (int n : new int[] {0, 3, 20, b.length - 1}) {
            Files.write(f, Arrays.copyOf(b, n));
            TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir), n + " bytes");
            assertTrue(e.getMessage().contains("permanent.state"), e.getMessage());
        }
        // never silently re-manufactured: the bad file is still there
        assertEquals(b.length - 1, Files.size(f));
    }

    @Test
    void torn_savestateIsReportedAtStartup() throws IOException {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0000");
            ok(t, "8001 00000000 00000145 0001");
        }
        Path s = dir.resolve("savestate.state");
        byte[] b = Files.readAllBytes(s);
        Files.write(s, Arrays.copyOf(b, b.length / 2));
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            TpmStateException e = assertThrows(TpmStateException.class,
                    () -> t.execute(0, cmd("8001 00000000 00000144 0001")));
            assertTrue(e.getMessage().contains("savestate.state"), e.getMessage());
        }
    }

    @Test
    void leftoverTempFileFromACrashIsHarmless() throws IOException {
        manufacture();
        Files.write(dir.resolve("permanent.state.tmp"), new byte[] {1, 2, 3});
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, "8001 00000000 00000144 0000");
        }
    }

    @Test
    void unusableDirectoryIsReported() throws IOException {
        Path file = dir.resolve("not-a-dir");
        Files.write(file, new byte[] {0});
        TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Path inside = file.resolve("sub");
        assertThrows(TpmStateException.class, () -> InProcessBackend.open(inside));
    }
}
