package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peer programs (swtpm, tpm2-tools, iasl, acpiexec, QEMU, gcc) for tests tagged "peer", after
 * the project's rule: a missing peer fails the test when the environment variable CI is "true"
 * and skips it (a JUnit assumption) otherwise.
 */
public final class Peers {

    private Peers() {
    }

    /** True when the environment variable CI is "true", where a missing peer is a failure. */
    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Ends the test unless {@code present}: a failure under CI=true, a skip otherwise. */
    public static void require(boolean present, String peer) {
        if (present) {
            return;
        }
        String msg = "missing peer: " + peer;
        if (inCi()) {
            fail(msg);
        }
        Assumptions.abort(msg);
    }

    /** {@code program} on PATH, if it is there. */
    public static Optional<Path> find(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The path of {@code program} on PATH; when it is not there the test fails (CI) or is skipped. */
    public static Path require(String program) {
        Optional<Path> p = find(program);
        require(p.isPresent(), program + " (not on PATH)");
        return p.orElseThrow();
    }

    /** The path of {@code program}, naming the Debian package that has it when it is missing. */
    public static Path require(String program, String debianPackage) {
        Optional<Path> p = find(program);
        require(p.isPresent(), program + " (Debian package " + debianPackage + ")");
        return p.orElseThrow();
    }

    /**
     * The newest readable Linux kernel image installed in /boot (vmlinuz-*, last by name); when
     * there is none the test fails (CI) or is skipped.
     */
    public static Path linuxKernel() throws IOException {
        Path boot = Path.of("/boot");
        Optional<Path> kernel = Optional.empty();
        if (Files.isDirectory(boot)) {
            try (Stream<Path> s = Files.list(boot)) {
                kernel = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-") && Files.isReadable(p))
                        .max(Comparator.naturalOrder());
            }
        }
        require(kernel.isPresent(), "a readable Linux kernel /boot/vmlinuz-* (Debian package linux-image-amd64)");
        return kernel.orElseThrow();
    }

    /** What a finished program printed (stdout and stderr merged) and returned. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} with no input, for at most 60 seconds. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(60, dir, List.of(command));
    }

    /** Runs {@code command} in {@code dir} with no input, for at most 60 seconds. */
    public static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(60, dir, command);
    }

    /** Runs {@code command} in {@code dir} with no input; a run past {@code seconds} fails the test. */
    public static Result run(int seconds, Path dir, String... command) throws IOException, InterruptedException {
        return run(seconds, dir, List.of(command));
    }

    /** Runs {@code command} in {@code dir} with no input; a run past {@code seconds} fails the test. */
    public static Result run(int seconds, Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("peer", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("peer timed out after " + seconds + " s: " + String.join(" ", command) + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
