package io.jvtpm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvtpm.engine.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compiles a C program with gcc against linux/kvm.h and signal.h that prints sizeof/offsetof of every field
 * the binding uses and the ioctl numbers from the kernel's own macros, then compares with the Java side.
 */
@Tag("peer")
class KvmLayoutTest {
    @Test
    void layoutsAndIoctlNumbersMatchTheKernelHeaders() throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>(KvmLayout.table());
        for (KvmIoctl i : KvmIoctl.values()) {
            expected.put("KVM_" + i.name(), i.request());
        }
        Path dir = Files.createTempDirectory("kvm-layout");
        try {
            StringBuilder c = new StringBuilder();
            c.append("#include <stdio.h>\n#include <stddef.h>\n#include <signal.h>\n#include <linux/kvm.h>\n");
            c.append("int main(void) {\n");
            for (String expr : expected.keySet()) {
                c.append("  printf(\"%s=%lu\\n\", \"").append(expr).append("\", (unsigned long)(")
                        .append(expr).append("));\n");
            }
            c.append("  return 0;\n}\n");
            Path src = dir.resolve("layout.c");
            Files.writeString(src, c.toString());
            Path exe = dir.resolve("layout");
            String compiled = run(List.of("gcc", "-o", exe.toString(), src.toString()));
            Peers.require(compiled != null, "gcc (install gcc and linux-libc-dev)");
            String out = run(List.of(exe.toString()));
            Map<String, Long> actual = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.lastIndexOf('=');
                if (eq > 0) {
                    actual.put(line.substring(0, eq), Long.parseUnsignedLong(line.substring(eq + 1).trim()));
                }
            }
            List<String> wrong = new ArrayList<>();
            for (var e : expected.entrySet()) {
                Long a = actual.get(e.getKey());
                if (!e.getValue().equals(a)) {
                    wrong.add(e.getKey() + ": Java " + e.getValue() + ", C " + a);
                }
            }
            assertEquals(List.of(), wrong);
            assertEquals(expected.size(), actual.size());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs a command; null when it cannot be started, its stdout otherwise (fails on a non-zero exit). */
    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd.get(0) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
