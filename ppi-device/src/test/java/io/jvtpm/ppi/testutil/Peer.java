package io.jvtpm.ppi.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a real peer program; when it is missing the test fails if CI=true, else is skipped.
 */
public final class Peer {
    private Peer() {
    }

    /** The path of {@code program} on PATH, or the test ends (skip, or failure on CI). */
    public static Path require(String program) {
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = "peer '" + program + "' is not installed (not on PATH)";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        assumeTrue(false, msg);
        return null;
    }
}
