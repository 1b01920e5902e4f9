package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Differential test against libtpms in-process: the script in differential/commands.txt goes to
 * both TPMs and their answers are compared as each line's mode says.
 */
@Tag("peer")
class DifferentialTest {
    private static final Logger LOG = LoggerFactory.getLogger(DifferentialTest.class);

    record Step(int line, String mode, byte[] command, String text) {
    }

    static List<Step> script() throws IOException {
        List<Step> steps = new ArrayList<>();
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/differential/commands.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String body = line.replaceAll("#.*", "").trim();
                if (body.isEmpty()) {
                    continue;
                }
                int sp = body.indexOf(' ');
                String mode = body.substring(0, sp);
                String hex = body.substring(sp + 1);
                boolean raw = mode.endsWith("-raw");
                if (raw) {
                    mode = mode.substring(0, mode.length() - 4);
                }
                steps.add(new Step(n, mode, raw ? TpmTestSupport.raw(hex) : TpmTestSupport.cmd(hex), line));
            }
        }
        return steps;
    }

    @Test
    void sameAnswersAsLibtpms() throws IOException {
        LibTpms.require();
        List<String> failures = new ArrayList<>();
        int compared = 0;
        try (LibTpms lib = LibTpms.start(); InProcessBackend ours = TpmTestSupport.started(7)) {
            assertEquals(0, TpmTestSupport.rc(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            for (Step s : script()) {
                byte[] theirs = lib.process(s.command());
                byte[] mine = ours.execute(0, s.command());
                compared++;
                String problem = compare(s, theirs, mine);
                if (problem != null) {
                    failures.add("line " + s.line() + ": " + problem + "\n    " + s.text().trim()
                            + "\n    libtpms " + TpmTestSupport.hex(theirs) + "\n    jvtpm   " + TpmTestSupport.hex(mine));
                }
            }
        }
        assertTrue(compared > 100, "script too short");
        assertTrue(failures.isEmpty(), failures.size() + " differences:\n" + String.join("\n", failures));
    }

    private static String compare(Step s, byte[] theirs, byte[] mine) {
        if (mine.length < 10 || TpmTestSupport.rc(mine) != 0 && mine.length != 10) {
            return "malformed jvtpm response";
        }
        String mode = s.mode();
        if (mode.startsWith("ours=")) {
            int want = Integer.parseInt(mode.substring(5), 16);
            LOG.info("line {}: deliberate difference, libtpms answers 0x{}", s.line(),
                    Integer.toHexString(TpmTestSupport.rc(theirs)));
            return TpmTestSupport.rc(mine) == want ? null : "expected jvtpm rc 0x" + Integer.toHexString(want);
        }
        return switch (mode) {
            case "full" -> Arrays.equals(theirs, mine) ? null : "responses differ";
            case "rc" -> TpmTestSupport.rc(theirs) == TpmTestSupport.rc(mine) ? null : "response codes differ";
            case "nocounter" -> {
                if (theirs.length != mine.length || theirs.length < 14) {
                    yield "response lengths differ";
                }
                byte[] a = theirs.clone();
                byte[] b = mine.clone();
                Arrays.fill(a, 10, 14, (byte) 0);
                Arrays.fill(b, 10, 14, (byte) 0);
                yield Arrays.equals(a, b) ? null : "responses differ beyond pcrUpdateCounter";
            }
            default -> "unknown mode " + mode;
        };
    }
}
