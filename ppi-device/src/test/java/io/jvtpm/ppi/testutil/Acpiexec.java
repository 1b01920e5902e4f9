package io.jvtpm.ppi.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs ACPICA's acpiexec in batch mode over a table and returns one compact result per
 * {@code evaluate} command: {@code 0x17} for an Integer, {@code "1.3"} for a String,
 * {@code buf:ff01} for a Buffer, {@code [0x0,0x17,0x2]} for a Package of Integers, {@code none}
 * when nothing was returned.
 */
public final class Acpiexec {

    private static final Pattern INTEGER = Pattern.compile("\\[Integer\\] = ([0-9A-Fa-f]+)");
    private static final Pattern STRING = Pattern.compile("\\[String\\] Length [0-9A-Fa-f]+ = (\".*\")");
    private static final Pattern BUFFER = Pattern.compile("\\[Buffer\\] Length [0-9A-Fa-f]+ =\\s+0000:((?: [0-9A-F]{2})+)");
    private static final Pattern PACKAGE = Pattern.compile("\\[Package\\] Contains (\\d+) Elements");

    private Acpiexec() {
    }

    /**
     * Runs {@code commands} against {@code table} in one acpiexec session (fed on standard input,
     * as {@code -b} limits its command line to 1023 characters); asserts one result per evaluate.
     * Write numbers with a 0x prefix: acpiexec reads bare digits inconsistently.
     */
    public static List<String> run(Path table, List<String> commands) throws IOException, InterruptedException {
        Path exe = Peers.require("acpiexec");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), table.toString());
        pb.redirectErrorStream(true);
        pb.directory(table.getParent().toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write((String.join("\n", commands) + "\nquit\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("acpiexec did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> results = parse(text);
        long evaluates = commands.stream().filter(c -> c.startsWith("evaluate")).count();
        assertEquals(evaluates, results.size(), "one result per evaluate; acpiexec said:\n" + text);
        return results;
    }

    static List<String> parse(String text) {
        List<String> results = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.startsWith("Evaluating ")) {
                continue;
            }
            String result = "error";
            for (int j = i + 1; j < lines.length && !lines[j].startsWith("Evaluating "); j++) {
                String l = lines[j];
                if (l.startsWith("No object was returned")) {
                    result = "none";
                    break;
                }
                Matcher m;
                if ((m = PACKAGE.matcher(l)).find()) {
                    int n = Integer.parseInt(m.group(1));
                    List<String> el = new ArrayList<>();
                    for (int k = 1; k <= n && j + k < lines.length; k++) {
                        Matcher e = INTEGER.matcher(lines[j + k]);
                        el.add(e.find() ? "0x" + Long.toHexString(Long.parseUnsignedLong(e.group(1), 16)) : "?");
                    }
                    result = "[" + String.join(",", el) + "]";
                    break;
                }
                if ((m = INTEGER.matcher(l)).find()) {
                    result = "0x" + Long.toHexString(Long.parseUnsignedLong(m.group(1), 16));
                    break;
                }
                if ((m = STRING.matcher(l)).find()) {
                    result = m.group(1);
                    break;
                }
                if ((m = BUFFER.matcher(l)).find()) {
                    result = "buf:" + m.group(1).replace(" ", "").toLowerCase();
                    break;
                }
            }
            results.add(result);
        }
        return results;
    }

    /** The batch words for a buffer argument: {@code (a6 fa ...)}. */
    public static String bufferArg(byte[] b) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.append(')').toString();
    }

    /** Writes {@code bytes} into {@code dir} as a file and returns its path. */
    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }
}
