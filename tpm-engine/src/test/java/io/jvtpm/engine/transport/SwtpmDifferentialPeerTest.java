package io.jvtpm.engine.transport;

import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.TcpListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same control-channel conversation with real swtpm 0.7.1 and with {@link SwtpmServer}:
 * the answers must be byte-identical (only messages whose answers do not depend on the TPM's
 * content).
 */
@Tag("peer")
class SwtpmDifferentialPeerTest {
    /** Message (hex) and the answer size to read. */
    private static final String[][] CONVERSATION = {
        {"00000001", "8"},
        {"0000000e", "4"},
        {"00000004", "4"},
        {"00000006", "4"},
        {"00000009", "4"},
        {"0000000b03", "4"},
        {"0000000f", "8"},
        {"0000001100000000", "16"},
        {"0000001100000064", "16"},
        {"0000001100002328", "16"},
        {"0000001100000f80", "16"},
        {"0000001100000000", "16"},
        {"0000000505", "4"},
        {"0000000503", "4"},
        {"00000063", "4"},
        {"0000000e00000000", "4"},
        {"0000000d000000000000000700000004", "4"},
        {"0000000d0000000000000007000000044a4a4a4a", "4"},
        {"0000000d0000000000000001000000046162636465", "4"},
        {"0000000200000000", "4"},
        {"0000001100001000", "4"},
        {"0000000d000000000000000100000000", "4"},
        {"00000004", "8"},
        {"0000000b00", "4"},
        {"0000000b05", "4"},
        {"0000000b03", "4"},
        {"0000000a", "4"},
        {"00000009", "4"},
        {"0000000f00", "4"},
        {"0000000e", "4"},
        {"0000000200000001", "4"},
        {"0000001100000000", "16"},
    };

    @Test
    void controlAnswersMatchSwtpm(@TempDir Path state) throws Exception {
        List<String> fromSwtpm;
        try (Swtpm swtpm = Swtpm.startTcp(state, Swtpm.Power.NEEDS_INIT)) {
            fromSwtpm = talk(swtpm.controlPort());
        }
        List<String> fromJvtpm;
        FakeManagedTpm tpm = new FakeManagedTpm();
        try (SwtpmServer server = SwtpmServer.start(tpm, new SwtpmServer.Options(new Endpoint.Tcp("127.0.0.1", 0),
                new Endpoint.Tcp("127.0.0.1", 0), false, 2808, 4096))) {
            fromJvtpm = talk(((TcpListener) server.controlListener()).port());
        }
        for (int i = 0; i < CONVERSATION.length; i++) {
            assertEquals(fromSwtpm.get(i), fromJvtpm.get(i), "answer " + i + " to " + CONVERSATION[i][0]);
        }
    }

    private static List<String> talk(int port) throws Exception {
        List<String> answers = new ArrayList<>();
        for (String[] m : CONVERSATION) {
            try (RawClient c = new RawClient(port)) {
                answers.add(c.call(m[0], Integer.parseInt(m[1])));
            } catch (java.io.IOException e) {
                answers.add("no answer: " + e.getMessage());
            }
        }
        return answers;
    }
}
