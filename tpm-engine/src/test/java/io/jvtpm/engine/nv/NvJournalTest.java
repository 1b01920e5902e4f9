package io.jvtpm.engine.nv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NV write journal: an NV_Write or NV_Increment of a non-ORDERLY index adds a record and
 * leaves the permanent state file as it was; a restart replays it; a record torn at the end is
 * dropped, a corrupt one before the end is refused naming the journal; once the permanent state
 * is written again the journal is stale and ignored; a full journal gives way to a permanent
 * state write.
 */
class NvJournalTest {
    private static final AuthCommand PW = AuthCommand.emptyPassword();
    private static final int RW = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD;
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int DATA = 0x01000020;
    private static final int COUNTER = 0x01000021;
    private static final int SIZE = 1024;

    @TempDir
    Path dir;

    private InProcessBackend boot() {
        InProcessBackend t = InProcessBackend.open(dir);
        t.init(false);
        TpmTestSupport.ok(t, TpmCommands.startup(TpmSu.CLEAR));
        return t;
    }

    private InProcessBackend defined() {
        InProcessBackend t = boot();
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(DATA, TpmAlgId.SHA256.value(), RW, new byte[0], SIZE)));
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(COUNTER, TpmAlgId.SHA256.value(), TpmaNv.withType(RW, TpmNt.COUNTER), new byte[0], 8)));
        return t;
    }

    private static byte[] fill(int v) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] read(InProcessBackend t) {
        return TpmResponse.parse(TpmTestSupport.ok(t, TpmNvCommands.read(OWNER, DATA, PW, SIZE, 0))).nvData();
    }

    private static long counter(InProcessBackend t) {
        return TpmWire.u64(TpmResponse.parse(TpmTestSupport.ok(t, TpmNvCommands.read(OWNER, COUNTER, PW, 8, 0)))
                .nvData(), 0);
    }

    private Path permanent() {
        return dir.resolve(StateFile.Kind.PERMANENT.fileName());
    }

    private Path journal() {
        return dir.resolve(NvJournal.FILE_NAME);
    }

    @Test
    void writesAreJournalledAndReplayedAfterAKill() throws IOException {
        InProcessBackend t = defined();
        byte[] before = Files.readAllBytes(permanent());
        for (int i = 1; i <= 5; i++) {
            TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(i), 0));
            TpmTestSupport.ok(t, TpmNvCommands.increment(OWNER, COUNTER, PW));
        }
        assertArrayEquals(before, Files.readAllBytes(permanent()), "the permanent state is not rewritten");
        assertEquals(NvJournal.LIMIT, Files.size(journal()), "the journal is made at its full size");
        // no Shutdown, no power off: as after kill -9
        InProcessBackend again = boot();
        assertArrayEquals(fill(5), read(again));
        assertEquals(5, counter(again));
    }

    /** The journal after two writes of the whole data index, fill(1) then fill(2). */
    private byte[] twoWrites() throws IOException {
        InProcessBackend t = defined();
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(1), 0));
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(2), 0));
        return Files.readAllBytes(journal());
    }

    @Test
    void aRecordTornAtTheEndIsDropped() throws IOException {
        byte[] j = twoWrites();
        // the second record's last 100 octets never reached the disk: a crash during its write
        int secondEnd = NvJournal.HEADER + 2 * (4 + 14 + SIZE + 4);
        Arrays.fill(j, secondEnd - 100, secondEnd, (byte) 0);
        Files.write(journal(), j);
        assertArrayEquals(fill(1), read(boot()));
    }

    @Test
    void aCorruptRecordBeforeTheEndIsRefusedNamingTheJournal() throws IOException {
        byte[] j = twoWrites();
        j[NvJournal.HEADER + 40] ^= 1;
        Files.write(journal(), j);
        TpmStateException e = assertThrows(TpmStateException.class, () -> InProcessBackend.open(dir));
        assertTrue(e.getMessage().contains(NvJournal.FILE_NAME), e.getMessage());
    }

    @Test
    void aJournalOfAnOlderPermanentStateIsIgnored() throws IOException {
        InProcessBackend t = defined();
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(1), 0));
        byte[] stale = Files.readAllBytes(journal());
        // NV_DefineSpace writes the permanent state, which then holds the write
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.OWNER, PW, new byte[0],
                new NvPublic(DATA + 2, TpmAlgId.SHA256.value(), RW, new byte[0], 8)));
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(2), 0));
        // a crash just after the permanent state was written, before the new journal replaced the old one
        Files.write(journal(), stale);
        assertArrayEquals(fill(1), read(boot()), "the stale record is not applied over the newer state");
    }

    @Test
    void aFullJournalGivesWayToAPermanentStateWrite() throws IOException {
        InProcessBackend t = defined();
        byte[] before = Files.readAllBytes(permanent());
        int writes = NvJournal.LIMIT / SIZE + 10;
        for (int i = 0; i < writes; i++) {
            TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(i), 0));
        }
        assertFalse(Arrays.equals(before, Files.readAllBytes(permanent())), "the permanent state was written");
        assertTrue(Files.size(journal()) <= NvJournal.LIMIT);
        assertArrayEquals(fill(writes - 1), read(boot()));
    }

    @Test
    void aWriteOfTheSameDataWritesNothing() throws IOException {
        InProcessBackend t = defined();
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(7), 0));
        byte[] j = Files.readAllBytes(journal());
        TpmTestSupport.ok(t, TpmNvCommands.write(OWNER, DATA, PW, fill(7), 0));
        assertArrayEquals(j, Files.readAllBytes(journal()));
    }
}
