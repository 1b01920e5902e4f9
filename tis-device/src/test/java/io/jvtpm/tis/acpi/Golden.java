package io.jvtpm.tis.acpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files under src/test/resources/golden: compared as hex, 16 bytes a line; rewritten
 * when the system property golden.update is "true".
 */
final class Golden {
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    static void check(String name, byte[] actual) throws IOException {
        String text = toHexLines(actual);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(name), text, StandardCharsets.US_ASCII);
            return;
        }
        try (var in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("golden file " + name + " missing: run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII), text, "golden " + name);
        }
    }

    private static String toHexLines(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i += 16) {
            s.append(HexFormat.ofDelimiter(" ").formatHex(b, i, Math.min(b.length, i + 16))).append('\n');
        }
        return s.toString();
    }
}
