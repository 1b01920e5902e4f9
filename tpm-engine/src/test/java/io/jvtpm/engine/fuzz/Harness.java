package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command on the engine and checks the invariants the fuzzer holds it to after every
 * command (TPM 2.0 Library Part 1, 18.8 for the response shape; Part 3, 5.3 for failure mode):
 * an answer within the time bound; a well-formed response (tag, responseSize equal to its length,
 * an error response of 10 bytes, a success with the command's tag and a parameter area that
 * fits) no longer than the buffer; never TPM_RC_FAILURE; no ERROR or stack trace in the log; and
 * the engine's lock free again (another thread gets in at once).
 */
final class Harness implements AutoCloseable {
    private static final int HISTORY = 24;

    private final ManagedTpm tpm;
    private final long seed;
    private final long timeoutMillis;
    private final int bufferSize;
    private final LogWatch log = new LogWatch();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("fuzz-runner"));
    private final ExecutorService checker = Executors.newSingleThreadExecutor(daemon("fuzz-checker"));
    private final Deque<String> history = new ArrayDeque<>();
    private final FuzzStats stats;
    private long count;

    Harness(ManagedTpm tpm, long seed, long timeoutMillis, FuzzStats stats) {
        this.tpm = tpm;
        this.seed = seed;
        this.timeoutMillis = timeoutMillis;
        this.stats = stats;
        this.bufferSize = tpm.bufferSize();
    }

    long count() {
        return count;
    }

    /** Executes {@code command} at {@code locality}; the response, all invariants checked. */
    byte[] execute(int locality, byte[] command, String family) {
        count++;
        Future<byte[]> f = runner.submit(() -> tpm.execute(locality, command));
        byte[] r;
        try {
            r = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("no answer within " + timeoutMillis + " ms (a hang)", command, null);
        } catch (ExecutionException e) {
            throw failure("execute threw " + e.getCause(), command, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", command, null);
        }
        remember(command, r);
        String bad = malformed(command, r);
        if (bad != null) {
            throw failure(bad, command, r);
        }
        List<String> lines = log.drain();
        if (!lines.isEmpty()) {
            throw failure("the log got " + lines, command, r);
        }
        try {
            checker.submit(tpm::isRunning).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw failure("the engine's lock is still held after the command", command, r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", command, r);
        }
        stats.record(family, command, r);
        return r;
    }

    private String malformed(byte[] c, byte[] r) {
        if (r.length < TpmWire.HEADER_SIZE) {
            return "a response of " + r.length + " bytes";
        }
        if (r.length > bufferSize) {
            return "a response of " + r.length + " bytes, longer than the buffer of " + bufferSize;
        }
        if (TpmWire.u32(r, 2) != r.length) {
            return "responseSize " + TpmWire.u32(r, 2) + " but " + r.length + " bytes";
        }
        int tag = TpmWire.u16(r, 0);
        int rc = TpmWire.responseCode(r);
        if (rc == TpmRc.FAILURE.value()) {
            return "TPM_RC_FAILURE (failure mode)";
        }
        if (rc != 0) {
            return r.length == TpmWire.HEADER_SIZE && tag == TpmSt.NO_SESSIONS.value() ? null
                    : "an error response with a body or tag " + Integer.toHexString(tag);
        }
        int ctag = c.length >= 2 ? TpmWire.u16(c, 0) : -1;
        if (tag != ctag) {
            return "a success with tag " + Integer.toHexString(tag) + " for a command with tag "
                    + Integer.toHexString(ctag);
        }
        int cc = c.length >= 10 ? TpmWire.u32(c, 6) : -1;
        int at = TpmWire.HEADER_SIZE + 4 * CommandMarshaller.responseHandles(cc);
        if (at > r.length) {
            return "a success without its response handle";
        }
        if (tag == TpmSt.SESSIONS.value() && (at + 4 > r.length || at + 4 + (long) TpmWire.u32(r, at) > r.length)) {
            return "parameterSize beyond the response";
        }
        if (cc == TpmCc.GET_CAPABILITY.value() && r.length < TpmWire.HEADER_SIZE + 5) {
            return "a short capability";
        }
        return null;
    }

    private void remember(byte[] c, byte[] r) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(hex(c) + " -> " + hex(r));
    }

    /** An AssertionError that says how to reproduce the finding. */
    AssertionError failure(String what, byte[] command, byte[] response) {
        StringBuilder b = new StringBuilder();
        b.append("engine fuzzer: ").append(what).append("\n  seed ").append(seed).append(", command #").append(count)
                .append("\n  command  ").append(hex(command))
                .append("\n  response ").append(response == null ? "-" : hex(response))
                .append("\n  the last commands (oldest first):");
        for (String h : history) {
            b.append("\n    ").append(h);
        }
        return new AssertionError(b.toString());
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        runner.shutdownNow();
        checker.shutdownNow();
        log.close();
    }
}
