package io.jvtpm.engine.nv;

import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments while a child process rewrites the state: the directory always
 * reopens, with one of the owner authorizations that process wrote.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void stateSurvivesKillNine() throws Exception {
        Random rnd = new Random(9);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StateChurn.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine(), "child started");
                Thread.sleep(20 + rnd.nextInt(200));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            try (InProcessBackend t = InProcessBackend.open(dir)) {
                t.init();
                assertEquals(0, rc(t.execute(0, TpmCommands.startup(TpmSu.CLEAR))));
                int empty = rc(t.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], new byte[0])));
                int a = rc(t.execute(0, TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[] {'a'}, new byte[0])));
                assertTrue(empty == 0 || a == 0, "owner auth is one of the values written: " + empty + "/" + a);
                t.execute(0, TpmCommands.shutdown(TpmSu.CLEAR));
            }
        }
    }
}
