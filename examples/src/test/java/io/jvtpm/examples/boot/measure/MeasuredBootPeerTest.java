package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.testing.Peers;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.wire.HashAlgorithm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log MeasuredBoot writes, replayed by tpm2_eventlog, matches what a real swtpm holds after the same extends. */
@Tag("peer")
class MeasuredBootPeerTest {

    private static final List<Integer> PCRS = List.of(0, 1, 4, 7, 8, 9);

    @Test
    void tpm2EventlogReplaysToSwtpmPcrs(@TempDir Path dir) throws Exception {
        Path eventlog = Peers.require("tpm2_eventlog", "tpm2-tools");
        Path pcrread = Peers.require("tpm2_pcrread", "tpm2-tools");
        Path state = Files.createDirectory(dir.resolve("state"));
        byte[] kernel = new byte[300_000];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (byte) (i * 31 + 7);
        }
        byte[] initrd = "070701 not really a cpio, only bytes to hash".getBytes(StandardCharsets.US_ASCII);
        EventLog log;
        try (Swtpm swtpm = Swtpm.startTcp(state, Swtpm.Power.INITIALIZED)) {
            try (TpmBackend tpm = swtpm.connect()) {
                MeasuredBoot mb = MeasuredBoot.start(tpm, 0x10000);
                mb.measureDirectBoot("jvtpm 0.1.0", kernel, "console=ttyS0 panic=-1", initrd);
                log = mb.log();
            }
            assertTrue(log.banks().contains(HashAlgorithm.SHA256));
            Path logFile = dir.resolve("binary_bios_measurements");
            Files.write(logFile, log.bytes());

            String replayed = run(dir, eventlog.toString(), logFile.toString());
            String bankList = String.join(",", log.banks().stream().map(b -> b.name().toLowerCase()).toList());
            String pcrList = String.join(",", PCRS.stream().map(String::valueOf).toList());
            String fromTpm = run(dir, pcrread.toString(), "-T", "swtpm:host=127.0.0.1,port=" + swtpm.tcpPair().port(),
                    bankList.replace(",", ":" + pcrList + "+") + ":" + pcrList);

            for (HashAlgorithm bank : log.banks()) {
                String name = bank.name().toLowerCase();
                Map<Integer, String> fromLog = pcrs(section(replayed.substring(replayed.indexOf("pcrs:")), name));
                Map<Integer, String> inTpm = pcrs(section(fromTpm, name));
                for (int pcr : PCRS) {
                    String tpmValue = inTpm.get(pcr);
                    assertFalse(tpmValue == null, "tpm2_pcrread shows " + name + " PCR " + pcr + ":\n" + fromTpm);
                    String expected = HexFormat.of().formatHex(log.replay(bank, pcr));
                    assertEquals(expected, tpmValue, name + " PCR " + pcr + " in swtpm vs. Java replay");
                    assertEquals(tpmValue, fromLog.getOrDefault(pcr, zeros(bank)), name + " PCR " + pcr + " replayed by tpm2_eventlog");
                }
            }
            assertTrue(replayed.contains("EV_S_CRTM_VERSION") && replayed.contains("EV_IPL") && replayed.contains("EV_SEPARATOR"));
            assertTrue(replayed.contains("Spec ID Event03"));
            assertTrue(replayed.contains("kernel_cmdline: console=ttyS0 panic=-1"), replayed);
            // tpm2_eventlog checks the digests it can recompute (CRTM version, separators, the PCR 8
            // command line); its only remark may be its heuristic about EV_IPL outside PCR 8/9/12/14,
            // which the profile allows for the IPL code in PCR 4.
            List<String> warnings = replayed.lines().filter(l -> l.contains("WARN")).toList();
            assertEquals(List.of("WARN: Event 2 is unexpectedly not extending either PCR 8, 9, 12 or 14"),
                    warnings.stream().map(w -> w.replace("unexectedly", "unexpectedly")).toList());
        }
    }

    private static String zeros(HashAlgorithm a) {
        return "0".repeat(a.digestSize() * 2);
    }

    /** The lines of one bank's block ("  sha256:" followed by indented "N : 0x..." lines). */
    private static String section(String text, String bank) {
        int at = text.indexOf(bank + ":");
        assertTrue(at >= 0, "no " + bank + " section in:\n" + text);
        String rest = text.substring(at + bank.length() + 1);
        Matcher next = Pattern.compile("\\n\\s*sha\\d+:").matcher(rest);
        return next.find() ? rest.substring(0, next.start()) : rest;
    }

    private static Map<Integer, String> pcrs(String section) {
        Map<Integer, String> m = new TreeMap<>();
        Matcher x = Pattern.compile("(\\d+)\\s*:\\s*0x([0-9A-Fa-f]+)").matcher(section);
        while (x.find()) {
            m.put(Integer.parseInt(x.group(1)), x.group(2).toLowerCase());
        }
        return m;
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + text);
        return text;
    }
}
