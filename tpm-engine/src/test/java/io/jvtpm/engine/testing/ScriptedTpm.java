package io.jvtpm.engine.testing;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.TpmRc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A TPM that answers from a recording (TPM 2.0 Library Part 1, section 18 framing): each command
 * must equal the next recorded command and gets the recorded response. A mismatch is collected,
 * not thrown, since a device turns a backend's exception into TPM_RC_FAILURE; a command past the
 * end of the script answers TPM_RC_FAILURE.
 */
public final class ScriptedTpm implements TpmBackend {
    private final Deque<byte[][]> script = new ArrayDeque<>();
    private final List<String> mismatches = new ArrayList<>();
    private int executed;

    /** Appends one exchange to the script. */
    public synchronized ScriptedTpm expect(byte[] command, byte[] response) {
        script.add(new byte[][] {command.clone(), response.clone()});
        return this;
    }

    /** Exchanges not yet run. */
    public synchronized int remaining() {
        return script.size();
    }

    /** Commands run so far. */
    public synchronized int executed() {
        return executed;
    }

    /** What differed from the script, one line each; empty when all went as recorded. */
    public synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    @Override
    public synchronized byte[] execute(int locality, byte[] command) {
        executed++;
        byte[][] next = script.poll();
        if (next == null) {
            mismatches.add("unexpected command " + HexFormat.of().formatHex(command));
            return FakeTpmCommands.error(TpmRc.FAILURE.value());
        }
        if (!Arrays.equals(next[0], command)) {
            mismatches.add("command " + executed + ": expected " + HexFormat.of().formatHex(next[0])
                    + " got " + HexFormat.of().formatHex(command));
        }
        return next[1].clone();
    }
}
