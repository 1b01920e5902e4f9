package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A TPM that answers from a recording: each command must equal the next recorded command and
 * gets the recorded response (TPM 2.0 Library Part 1, section 18 framing). Mismatches are
 * collected, not thrown, since the device turns backend exceptions into TPM_RC_FAILURE.
 */
final class ScriptedTpm implements TpmBackend {
    private final Deque<byte[][]> script = new ArrayDeque<>();
    final List<String> mismatches = new ArrayList<>();
    int executed;

    void expect(byte[] command, byte[] response) {
        script.add(new byte[][] {command, response});
    }

    int remaining() {
        return script.size();
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        executed++;
        byte[][] next = script.poll();
        if (next == null) {
            mismatches.add("unexpected command " + HexFormat.of().formatHex(command));
            return FakeTpm.error(FakeTpm.RC_FAILURE);
        }
        if (!Arrays.equals(next[0], command)) {
            mismatches.add("command " + executed + ": expected " + HexFormat.of().formatHex(next[0])
                    + " got " + HexFormat.of().formatHex(command));
        }
        return next[1];
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean isEstablished() {
        return false;
    }

    @Override
    public void resetEstablished(int locality) {
    }

    @Override
    public void init() {
    }

    @Override
    public void powerOff() {
    }

    @Override
    public int bufferSize() {
        return 4096;
    }

    @Override
    public int setBufferSize(int requested) {
        return 4096;
    }

    @Override
    public void close() {
    }
}
