package io.jvtpm.engine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.nv.DirectoryNvStore;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.testing.PrivateState;
import io.jvtpm.engine.wire.TpmRh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during writes: a child JVM
 * ({@link StateChurn}) keeps changing the persistent state of a TPM in a state directory and is
 * killed with SIGKILL at a random moment. After each kill the state loads, it is the TPM the
 * first child manufactured, and each kind of change the child acknowledged is there: its last
 * acknowledged value or the one it was writing when it died. Nothing is lost, no new TPM is made,
 * and the directory stays private. NV indices too (Part 1, 37): a counter never goes back (the
 * ORDERLY one, whose RAM value is lost, comes back at or above every value it answered), and an
 * NV_Write is there whole or not at all. The Maven build runs 20 rounds; tests/e2e/state-kill9.sh runs
 * 200 ({@code -Djvtpm.killRounds=N}).
 */
class KillNineTest {
    private static final int ROUNDS = Integer.getInteger("jvtpm.killRounds", 20);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    /** What the children acknowledged so far. */
    private int auth;
    private int step;
    private long clock;
    private long counter;
    private long orderlyCounter;
    private int nvWrite;

    @Test
    void aKilledWriterLosesNothingAndNeverMakesANewTpm() throws Exception {
        Path dir = tmp.resolve("tpm");
        Random rnd = new Random(99);
        byte[] endorsementSeed = null;
        long start = System.nanoTime();
        List<String> java = childJava();
        int acknowledged = 0;
        int resumed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> lines = runAndKill(java, dir, rnd.nextInt(200), round);
            acknowledged += lines.size() - 1;
            resumed += (int) lines.stream().filter(l -> l.startsWith("resumed")).count();
            PermanentState s = loadAndCheck(dir, lines, round);
            byte[] seed = s.objectState().seed(TpmRh.ENDORSEMENT.value());
            if (endorsementSeed == null) {
                endorsementSeed = seed;
            }
            assertArrayEquals(endorsementSeed, seed, "round " + round + ": a new TPM");
            PrivateState.assertPrivate(dir);
            try (InProcessBackend t = InProcessBackend.open(dir)) {
                t.init(false);
            }
        }
        System.out.printf("kill -9: %d rounds, %d acknowledged changes, %d Shutdown/Startup(STATE), %.1f s (%s)%n",
                ROUNDS, acknowledged, resumed, (System.nanoTime() - start) / 1e9,
                java.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile")) ? "AppCDS" : "no AppCDS");
        assertTrue(resumed > 0, "the children got as far as a Shutdown(STATE) and Startup(STATE)");
    }

    /**
     * Starts a child, kills it {@code delayMillis} after it is ready; its complete output lines.
     * Its output goes to a file: Process.destroyForcibly closes the pipe, and what the child wrote
     * last would be lost with it.
     */
    private List<String> runAndKill(List<String> java, Path dir, int delayMillis, int round) throws Exception {
        Path err = tmp.resolve("child.err");
        Path out = tmp.resolve("child.out");
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of(dir.toString(), Integer.toString(auth), Integer.toString(step)));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            while (!Files.readString(out, StandardCharsets.US_ASCII).contains("ready ok\n")) {
                if (!p.isAlive()) {
                    fail("round " + round + ": the child ended (exit " + p.exitValue() + ") before it was ready: "
                            + Files.readString(out) + Files.readString(err));
                }
                Thread.sleep(5);
            }
            Thread.sleep(delayMillis);
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child died");
        }
        List<String> lines = new ArrayList<>();
        // a line cut by the kill lacks its " ok"
        for (String l : Files.readAllLines(out, StandardCharsets.US_ASCII)) {
            if (l.startsWith("error")) {
                fail("round " + round + ": the child's TPM refused a change: " + l + "; " + Files.readString(err));
            }
            if (l.endsWith(" ok")) {
                lines.add(l);
            }
        }
        return lines;
    }

    /**
     * The child's java command up to its arguments. A JVM starts in ~0.3-0.5 s, most of a round:
     * the child runs with C1 only and a class data archive of its classes (AppCDS), which a
     * warm-up child that ends by itself writes. CDS reads classes from jars only, so the class
     * directories go into one jar first. Without the archive the children run all the same.
     */
    private List<String> childJava() throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        Path jar = tmp.resolve("churn.jar");
        List<Path> dirs = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Files.isDirectory(Path.of(e))) {
                dirs.add(Path.of(e));
            } else {
                cp.add(e);
            }
        }
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Path d : dirs) {
                try (java.util.stream.Stream<Path> files = Files.walk(d)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        String name = d.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                        if (seen.add(name)) {
                            j.putNextEntry(new java.util.jar.JarEntry(name));
                            Files.copy(f, j);
                            j.closeEntry();
                        }
                    }
                }
            }
        }
        cp.add(0, jar.toString());
        List<String> base = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=error:stderr",
                "-cp", String.join(java.io.File.pathSeparator, cp),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        Path archive = tmp.resolve("churn.jsa");
        List<String> warmUp = new ArrayList<>(base);
        warmUp.add(1, "-XX:ArchiveClassesAtExit=" + archive);
        warmUp.addAll(List.of(StateChurn.class.getName(), tmp.resolve("warm-up").toString(), "0", "0", "3"));
        Process p = new ProcessBuilder(warmUp).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(archive)) {
            base.add(1, "-XX:SharedArchiveFile=" + archive);
        } else {
            p.destroyForcibly();
        }
        base.add(StateChurn.class.getName());
        return base;
    }

    /**
     * The state as the kill left it: each kind of change is at its last acknowledged value or the
     * next. Sets what the next child starts from.
     */
    private PermanentState loadAndCheck(Path dir, List<String> lines, int round) throws IOException {
        int ackedAuth = auth;
        int ackedStep = step;
        long ackedClock = clock;
        for (String l : lines) {
            String[] f = l.split(" ");
            switch (f[0]) {
                case "auth" -> ackedAuth = Integer.parseInt(f[1]);
                case "evict" -> ackedStep = Integer.parseInt(f[1]);
                case "clock" -> ackedClock = Long.parseLong(f[1]);
                case "counter" -> counter = Long.parseLong(f[1]);
                case "ocounter" -> orderlyCounter = Long.parseLong(f[1]);
                case "nvwrite" -> nvWrite = Integer.parseInt(f[1]);
                default -> { }
            }
        }
        // the permanent state with the NV journal's records applied, as the engine loads it
        PermanentState s = TpmEngine.load(DirectoryNvStore.open(dir), b -> fail("a version 2 state needs no entropy"));
        String context = "round " + round + " (acknowledged auth " + ackedAuth + ", step " + ackedStep + ", clock "
                + ackedClock + ")";
        byte[] owner = s.hierarchies().ownerAuth;
        if (Arrays.equals(owner, StateChurn.auth(ackedAuth))) {
            auth = ackedAuth;
        } else if (Arrays.equals(owner, StateChurn.auth(ackedAuth + 1))) {
            auth = ackedAuth + 1;
        } else {
            fail(context + ": ownerAuth is '" + new String(owner, StandardCharsets.US_ASCII) + "'");
        }
        int[] handles = Arrays.stream(s.objectState().persistentHandles())
                .filter(h -> Integer.compareUnsigned(h, StateChurn.FIRST_HANDLE) >= 0).toArray();
        if (Arrays.equals(handles, present(ackedStep))) {
            step = ackedStep;
        } else if (Arrays.equals(handles, present(ackedStep + 1))) {
            step = ackedStep + 1;
        } else {
            fail(context + ": persistent objects " + Arrays.toString(handles));
        }
        assertTrue(Long.compareUnsigned(s.clock(), ackedClock) >= 0, context + ": Clock " + s.clock());
        clock = ackedClock;
        checkNv(s, context);
        return s;
    }

    /** Counters at or above what was answered; the ordinary index whole, at the last acknowledged write or the next. */
    private void checkNv(PermanentState s, String context) {
        NvIndices nv = s.nvIndices();
        NvIndex c = nv.get(StateChurn.COUNTER);
        NvIndex oc = nv.get(StateChurn.ORDERLY_COUNTER);
        NvIndex o = nv.get(StateChurn.ORDINARY);
        if (c == null || oc == null || o == null) {
            assertTrue(counter == 0 && nvWrite == 0, context + ": NV indices gone");
            return;
        }
        String nvContext = context + ", counter " + counter + ", orderly " + orderlyCounter + ", write " + nvWrite;
        assertTrue(!c.has(TpmaNv.WRITTEN) && counter == 0 || c.u64() >= counter, nvContext + ": counter " + c.u64());
        // the ORDERLY counter's NV copy moves to the top of its window at the next Startup
        assertTrue(!oc.has(TpmaNv.WRITTEN) && orderlyCounter == 0
                || (oc.u64() | NvIndices.MAX_ORDERLY_COUNT) >= orderlyCounter, nvContext + ": orderly " + oc.u64());
        if (o.has(TpmaNv.WRITTEN)) {
            byte[] data = o.read(0, StateChurn.ORDINARY_SIZE);
            int w = java.nio.ByteBuffer.wrap(data).getInt();
            assertArrayEquals(StateChurn.words(w), data, nvContext + ": a half-applied NV_Write");
            assertTrue(w == nvWrite || w == nvWrite + 1, nvContext + ": NV_Write of " + w);
            nvWrite = w;
        }
    }

    private static int[] present(int step) {
        int h = StateChurn.persistentAt(step);
        return h == 0 ? new int[0] : new int[] {h};
    }
}
