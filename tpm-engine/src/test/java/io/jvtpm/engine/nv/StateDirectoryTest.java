package io.jvtpm.engine.nv;

import static io.jvtpm.engine.TpmTestSupport.ok;
import static io.jvtpm.engine.testing.PrivateState.assertPrivate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory is private (mode 0700, its files 0600, from creation on and after every
 * kind of write), and a TPM is manufactured only where there is no state at all.
 */
class StateDirectoryTest {
    private static final byte[] NONE = new byte[0];
    private static final byte[] OWN = {'o', 'w', 'n'};

    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryAndItsFilesArePrivateAfterEveryKindOfWrite() throws IOException {
        Path dir = tmp.resolve("a").resolve("tpm");
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            assertEquals(List.of("permanent.state"), assertPrivate(dir), "after manufacture");
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            ok(t, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, NONE, OWN));
            assertEquals(List.of("permanent.state"), assertPrivate(dir), "after a permanent state change");
            t.storeVolatile();
            assertEquals(List.of("permanent.state", "volatile.state"), assertPrivate(dir), "after STORE_VOLATILE");
            ok(t, TpmCommands.shutdown(TpmSu.STATE));
            assertEquals(List.of("permanent.state", "savestate.state", "volatile.state"), assertPrivate(dir),
                    "after Shutdown(STATE)");
            byte[] saved = t.getStateBlob(ManagedTpm.StateBlob.SAVESTATE);
            byte[] permanent = t.getStateBlob(ManagedTpm.StateBlob.PERMANENT);
            t.powerOff();
            assertPrivate(dir);
            t.setStateBlob(ManagedTpm.StateBlob.SAVESTATE, saved);
            t.setStateBlob(ManagedTpm.StateBlob.PERMANENT, permanent);
            assertPrivate(dir);
            t.init(true);
            ok(t, TpmCommands.startup(TpmSu.STATE));
            assertEquals(List.of("permanent.state"), assertPrivate(dir), "after Startup(STATE)");
        }
    }

    @Test
    void aWideDirectoryAndWideFilesAreTightenedWhenOpened() throws IOException {
        Path dir = tmp.resolve("tpm");
        InProcessBackend.open(dir).close();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("permanent.state"), PosixFilePermissions.fromString("rw-r--r--"));
        InProcessBackend.open(dir).close();
        assertPrivate(dir);
    }

    @Test
    void aTempFileLeftWideByACrashIsReplacedByAPrivateOne() throws IOException {
        Path dir = tmp.resolve("tpm");
        InProcessBackend.open(dir).close();
        Path leftover = Files.write(dir.resolve("permanent.state.tmp"), new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
        }
        assertEquals(List.of("permanent.state"), assertPrivate(dir));
    }

    @Test
    void aMissingPermanentStateBesideOtherStateIsNamedAndNoTpmIsMade() throws IOException {
        for (String other : List.of("savestate.state", "volatile.state")) {
            Path dir = tmp.resolve(other);
            try (InProcessBackend t = InProcessBackend.open(dir)) {
                t.init();
                ok(t, TpmCommands.startup(TpmSu.CLEAR));
                if (other.equals("volatile.state")) {
                    t.storeVolatile();
                } else {
                    ok(t, TpmCommands.shutdown(TpmSu.STATE));
                }
            }
            Path permanent = dir.resolve("permanent.state");
            Files.delete(permanent);
            TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir));
            String m = e.getMessage();
            assertTrue(m.contains(permanent.toString()) && m.contains("missing") && m.contains(other)
                    && !m.contains("\n"), m);
            assertFalse(Files.exists(permanent), "no new TPM");
        }
    }

    @Test
    void aCorruptVolatileStateIsNamedWhenTheStateOpens() throws IOException {
        Path dir = tmp.resolve("tpm");
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            t.storeVolatile();
        }
        Path v = dir.resolve("volatile.state");
        byte[] b = Files.readAllBytes(v);
        b[b.length - 40] ^= 1;
        Files.write(v, b);
        TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir));
        assertTrue(e.getMessage().contains(v.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aDirectoryWithOnlyALockAndATempFileGetsANewTpm() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("tpm"));
        Files.write(dir.resolve(".lock"), NONE);
        Files.write(dir.resolve("permanent.state.tmp"), new byte[] {9});
        try (InProcessBackend t = InProcessBackend.open(dir)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
        }
        assertTrue(Files.size(dir.resolve("permanent.state")) > 100);
    }
}
