package io.jvtpm.engine.nv;

import static io.jvtpm.engine.TpmTestSupport.ok;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory: reload after restart, atomic writes, corrupt and torn files reported. */
class PersistenceTest {

    @TempDir
    Path dir;

    private static final byte[] OWN = "own".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private static byte[] pcr0(InProcessBackend t) {
        byte[] r = ok(t, TpmCommands.pcrRead(HashAlgorithm.SHA256, 0));
        return Arrays.copyOfRange(r, 30, 62);
    }

    @Test
    void stateSurvivesCloseAndReopen() {
        byte[] pcr;
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            ok(t, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, NONE, OWN));
            ok(t, TpmTestSupport.extendSha256(0, 0x33));
            pcr = pcr0(t);
            ok(t, TpmCommands.shutdown(TpmSu.STATE));
            t.powerOff();
        }
        assertTrue(Files.exists(dir.resolve("permanent.state")));
        assertTrue(Files.exists(dir.resolve("savestate.state")));
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.STATE));
            assertArrayEquals(pcr, pcr0(t));
            assertEquals(TpmRc.BAD_AUTH.session(1),
                    rc(t.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, NONE, NONE))));
            ok(t, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, OWN, NONE));
        }
    }

    @Test
    void withoutShutdownTheNextStartupIsAReset() {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            // no Shutdown: like a kill -9
        }
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            byte[] r = t.execute(0, (TpmCommands.startup(TpmSu.STATE)));
            assertEquals(TpmRc.VALUE.param(1), rc(r));
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            byte[] clock = ok(t, TpmCommands.readClock());
            assertEquals(2, clock[29], "resetCount");
        }
    }

    private void manufacture() {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            ok(t, TpmCommands.shutdown(TpmSu.CLEAR));
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
    void tornSavestateIsReportedWhenTheStateOpens() throws IOException {
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            ok(t, TpmCommands.shutdown(TpmSu.STATE));
        }
        Path s = dir.resolve("savestate.state");
        byte[] b = Files.readAllBytes(s);
        Files.write(s, Arrays.copyOf(b, b.length / 2));
        TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir));
        assertTrue(e.getMessage().contains(s.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void leftoverTempFileFromACrashIsHarmless() throws IOException {
        manufacture();
        Files.write(dir.resolve("permanent.state.tmp"), new byte[] {1, 2, 3});
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
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
