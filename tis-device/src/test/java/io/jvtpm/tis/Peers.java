package io.jvtpm.tis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Finds the real peer programs tests tagged "peer" run (swtpm, iasl). */
public final class Peers {
    private Peers() {
    }

    /**
     * The path of {@code program} on PATH. When missing, the test fails if the environment
     * variable CI is "true" and is skipped otherwise.
     */
    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        String message = "missing peer: " + program + " (Debian package " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        throw new IllegalStateException(message);
    }
}
