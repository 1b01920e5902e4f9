package io.jvtpm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The engine's golden text files under src/test/resources/golden, rewritten when -Dgolden.update=true. */
public final class GoldenFile {
    private GoldenFile() {
    }

    /** Asserts that golden/{@code name} holds {@code actual} (US-ASCII), or rewrites it. */
    public static void check(String name, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path p = Path.of("src/test/resources/golden", name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.US_ASCII);
            return;
        }
        try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden/" + name + " missing: run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII), actual);
        }
    }
}
