package io.jvtpm.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under src/test/resources/golden, rewritten when -Dgolden.update=true. Bytes are kept as a hex dump. */
public final class Golden {

    private Golden() {
    }

    public static void checkBytes(String name, byte[] actual) throws IOException {
        checkText(name, hexDump(actual));
    }

    public static void checkText(String name, String actual) throws IOException {
        Path file = Path.of("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(expected, actual, "golden file " + name + " differs (rerun with -Dgolden.update=true if the change is intended)");
    }

    /** 16 bytes a line, each line "offset: hex"; all-zero lines are left out. */
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
}
