package io.jvtpm.acpi.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs real peer programs (iasl, acpiexec) for tests tagged "peer". */
public final class Peers {

    private Peers() {
    }

    /**
     * The path of {@code program} on PATH. When it is missing the test fails if the environment
     * variable CI is "true", and is skipped otherwise.
     */
    public static Path require(String program, String debianPackage) {
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
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

    /** What a finished program printed and returned. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir}, stdout and stderr merged, for at most 60 seconds. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(60, dir, command);
    }

    /** Runs {@code command} in {@code dir}, stdout and stderr merged, for at most {@code seconds}. */
    public static Result run(int seconds, Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("peer", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)));
            pb.directory(dir.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
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
