package io.jvtpm.examples.boot;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Peer checks for tests tagged "peer": a missing peer fails under CI=true and skips otherwise. */
public final class Peers {

    private Peers() {
    }

    public static void require(boolean present, String peer) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("peer missing: " + peer);
        }
        assumeTrue(false, "peer missing: " + peer);
    }

    /** The absolute path of {@code program} on PATH, failing or skipping when it is not there. */
    public static Path program(String program) {
        Optional<Path> found = Optional.empty();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    found = Optional.of(p);
                    break;
                }
            }
        }
        require(found.isPresent(), program + " (not on PATH)");
        return found.orElseThrow();
    }
}
