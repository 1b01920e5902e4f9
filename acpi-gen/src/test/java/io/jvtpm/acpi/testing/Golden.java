package io.jvtpm.acpi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden: compares, or rewrites them when the system
 * property golden.update is "true".
 */
public final class Golden {

    private Golden() {
    }

    private static Path dir() {
        return Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden");
    }

    /** Asserts {@code actual} equals the golden file {@code name} (or rewrites it). */
    public static void check(String name, String actual) throws IOException {
        Path file = dir().resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + name + " is missing; run the tests with -Dgolden.update=true");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + name);
    }
}
