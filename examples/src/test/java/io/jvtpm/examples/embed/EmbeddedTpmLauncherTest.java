package io.jvtpm.examples.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.KvmException;
import io.jvtpm.examples.boot.BootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example runs: without a usable /dev/kvm it fails at once with KVM's
 * one-line error (where KVM works, at the guest's load, which the test refuses), and what it
 * opened (the TPM, the TIS device's thread, KVM's descriptors) is closed.
 */
class EmbeddedTpmLauncherTest {

    private static final String NO_GUEST = "this test loads no guest";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed check
    void withoutKvmItFailsCleanlyAndClosesWhatItOpened(@TempDir Path state) throws Exception {
        Set<String> threadsBefore = jvtpmThreads();
        RuntimeException e = assertThrows(RuntimeException.class, () -> EmbeddedTpmLauncher.run(state, (ram, cpu, ppi) -> {
            throw new IllegalStateException(NO_GUEST);
        }));
        if (e instanceof KvmException) {
            // no usable KVM here (this machine's case): KVM's one-line error names the device or the ioctl
            assertTrue(e.getMessage().contains(Kvm.DEVICE) || e.getMessage().contains("KVM_"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        } else {
            // KVM works: the VM was built up to the guest's load, which this test refuses
            assertEquals(NO_GUEST, e.getMessage());
        }
        assertTrue(threadsBefore.containsAll(jvtpmThreads()), "the TIS device's command thread is gone");
        // the TPM was powered off and closed: its state opens again and the TPM comes up
        try (InProcessBackend again = InProcessBackend.open(state)) {
            again.init();
            assertTrue(again.isRunning());
        }
    }

    private static Set<String> jvtpmThreads() throws InterruptedException {
        // a closed executor's thread may take a moment to end
        for (int i = 0; i < 50; i++) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("jvtpm-tis"))) {
                break;
            }
            Thread.sleep(20);
        }
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("jvtpm"))
                .collect(Collectors.toSet());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed check
    void theLinuxLauncherRefusesAMissingKernelInOneLine(@TempDir Path dir) {
        BootException e = assertThrows(BootException.class,
                () -> EmbeddedTpmLauncher.bootLinux(dir.resolve("bzImage"), dir.resolve("initrd"), dir.resolve("tpm")));
        assertTrue(e.getMessage().contains("bzImage"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** The README's "Embedding in your own launcher" shows this class's code verbatim. */
    @Test
    void theReadmeShowsThisCode() throws Exception {
        List<String> src = Files.readAllLines(Path.of("src/main/java/io/jvtpm/examples/embed/EmbeddedTpmLauncher.java"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(block(src, "        try (InProcessBackend tpm", l -> l.equals("        }"))),
                "README's first embedding snippet is EmbeddedTpmLauncher.run's body");
        assertTrue(readme.contains(block(src, "        return LinuxMachine.builder()", l -> l.strip().startsWith(".build().run();"))),
                "README's second embedding snippet is EmbeddedTpmLauncher.bootLinux's body");
    }

    /** The lines from the one starting with {@code first} to the one {@code last} matches, less the method's indent. */
    private static String block(List<String> src, String first, java.util.function.Predicate<String> last) {
        int start = 0;
        while (!src.get(start).startsWith(first)) {
            start++;
        }
        int end = start;
        while (!last.test(src.get(end))) {
            end++;
        }
        return src.subList(start, end + 1).stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n", "```java\n", "\n```"));
    }
}
