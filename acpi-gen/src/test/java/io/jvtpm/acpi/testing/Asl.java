package io.jvtpm.acpi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;

/** iasl helpers for peer tests: disassemble a table, normalize ASL text. */
public final class Asl {

    private Asl() {
    }

    /** Writes {@code table} to {@code dir/name.dat}, runs {@code iasl -d}, returns the .dsl text. */
    public static String disassemble(Path iasl, Path dir, String name, byte[] table) throws Exception {
        Path dat = dir.resolve(name + ".dat");
        Files.write(dat, table);
        Peers.Result r = Peers.run(dir, iasl.toString(), "-d", dat.toString());
        assertEquals(0, r.exitCode(), "iasl -d " + name + " failed:\n" + r.output());
        return Files.readString(dir.resolve(name + ".dsl"));
    }

    /** Strips comments and all white space, so two ASL texts compare by their logic. */
    public static String normalize(String asl) {
        String s = asl.replaceAll("(?s)/\\*.*?\\*/", "");
        s = s.replaceAll("//[^\n]*", "");
        return s.replaceAll("\\s+", "");
    }

    /** The text of the block that starts at the first line containing {@code header} ("Device (TPM)"). */
    public static String block(String asl, String header) {
        int start = asl.indexOf(header);
        if (start < 0) {
            throw new AssertionError("no '" + header + "' in the disassembly");
        }
        int open = asl.indexOf('{', start);
        int depth = 0;
        for (int i = open; i < asl.length(); i++) {
            char c = asl.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return asl.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced braces after '" + header + "'");
    }
}
