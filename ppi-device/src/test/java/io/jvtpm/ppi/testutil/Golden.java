package io.jvtpm.ppi.testutil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under src/test/resources/golden; rewritten when golden.update is true. */
public final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    /** Compares {@code actual} with the golden file {@code name} (or rewrites it). */
    public static void check(String name, byte[] actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.write(file, actual);
            return;
        }
        assertTrue(Files.exists(file), "golden file " + file + " is missing; run with -Dgolden.update=true");
        assertArrayEquals(Files.readAllBytes(file), actual, "differs from golden file " + file);
    }
}
