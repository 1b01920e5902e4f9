package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Golden files under the module's src/test/resources/golden: a test compares what it made with
 * the file, or, when the system property golden.update is "true" (-Dgolden.update=true), rewrites
 * the file with it. Bytes may be kept as they are or as one of two hex texts a person can diff.
 */
public final class Golden {

    private Golden() {
    }

    /** The golden file {@code name} (a path relative to src/test/resources/golden). */
    public static Path file(String name) {
        return Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden").resolve(name);
    }

    /** True when golden files are being rewritten. */
    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /** Asserts that the golden file {@code name} holds {@code actual} as UTF-8, or rewrites it. */
    public static void checkText(String name, String actual) throws IOException {
        Path file = file(name);
        if (updating()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(existing(file, name), StandardCharsets.UTF_8), actual,
                "golden file " + name + " differs (rerun with -Dgolden.update=true if the change is intended)");
    }

    /** Asserts that the golden file {@code name} holds exactly {@code actual}, or rewrites it. */
    public static void checkBytes(String name, byte[] actual) throws IOException {
        Path file = file(name);
        if (updating()) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual);
            return;
        }
        assertArrayEquals(Files.readAllBytes(existing(file, name)), actual,
                "golden file " + name + " differs (rerun with -Dgolden.update=true if the change is intended)");
    }

    private static Path existing(Path file, String name) {
        if (!Files.exists(file)) {
            fail("golden file " + name + " is missing: run the tests with -Dgolden.update=true");
        }
        return file;
    }

    /**
     * A hex dump for a golden text: a "length N" line, then 16 bytes a line as "offset: hex";
     * lines of zeros only are left out.
     */
    public static String hexDump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        sb.append("length ").append(b.length).append('\n');
        for (int off = 0; off < b.length; off += 16) {
            int end = Math.min(off + 16, b.length);
            boolean zero = true;
            for (int i = off; i < end; i++) {
                zero &= b[i] == 0;
            }
            if (zero) {
                continue;
            }
            sb.append(String.format("%04x:", off));
            for (int i = off; i < end; i++) {
                sb.append(String.format(" %02x", b[i] & 0xFF));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Plain hex lines for a golden text: 16 bytes a line, separated by spaces, every line kept. */
    public static String hexLines(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i += 16) {
            s.append(HexFormat.ofDelimiter(" ").formatHex(b, i, Math.min(b.length, i + 16))).append('\n');
        }
        return s.toString();
    }
}
