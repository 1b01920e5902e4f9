package io.jvtpm.crb.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real peer programs for tests tagged "peer": found on PATH, or the test fails when the
 * environment variable CI is "true" and is skipped otherwise.
 */
public final class Peers {

    private Peers() {
    }

    /** The path of {@code program}, from Debian package {@code debianPackage}. */
    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = "missing peer: " + program + " (Debian package " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        assumeTrue(false, msg);
        throw new IllegalStateException(msg);
    }

    /** What a finished program printed (stdout and stderr) and returned. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} for at most 60 seconds. */
    public static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("peer timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
