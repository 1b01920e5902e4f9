package io.jvtpm.engine.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches what the tests' logging backend (slf4j-simple, which writes to System.err) prints while
 * the fuzzer runs: an ERROR line or a stack trace line is a finding (a guest must not be able to
 * make the host log either). Everything is still passed on to the real System.err.
 */
final class LogWatch implements AutoCloseable {
    private final PrintStream original = System.err;
    private final List<String> findings = new ArrayList<>();

    LogWatch() {
        System.setErr(new PrintStream(new Tee(), true, StandardCharsets.UTF_8));
    }

    /** The offending lines since the last call, and forgets them. */
    synchronized List<String> drain() {
        List<String> r = List.copyOf(findings);
        findings.clear();
        return r;
    }

    private synchronized void line(String l) {
        if (l.contains(" ERROR ") || l.startsWith("\tat ") || l.startsWith("Caused by:")) {
            findings.add(l);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private final class Tee extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
