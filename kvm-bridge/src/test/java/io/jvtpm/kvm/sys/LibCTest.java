package io.jvtpm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link LibC#niceCurrentThread}: one thread's nice value changes (proc(5) stat field 19), not its process's. */
class LibCTest {
    private static int niceOf(long pid, int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    @Test
    void nicesOnlyTheCallingThread() throws Exception {
        long pid = ProcessHandle.current().pid();
        int mine = LibC.gettid();
        AtomicInteger tid = new AtomicInteger();
        AtomicReference<Boolean> ok = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger(-100);
        Thread t = new Thread(() -> {
            tid.set(LibC.gettid());
            ok.set(LibC.niceCurrentThread(7));
            try {
                seen.set(niceOf(pid, tid.get()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        assertTrue(ok.get());
        assertEquals(7, seen.get());
        assertNotEquals(mine, tid.get());
        assertNotEquals(7, niceOf(pid, mine), "the caller's own thread keeps its nice value");
    }
}
