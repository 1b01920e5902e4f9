package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.command.SessionScenarios;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The session rules of TPM 2.0 Library Part 1, 19.6 and 21 (HMACs of sessions that authorize no
 * handle, decrypt and encrypt where the command allows them, one of each) side by side with
 * libtpms in process: every scenario of {@link SessionScenarios} gets the same response code
 * from both, and the code the scenario expects; and the context management sequences of
 * {@link ContextScenarios} (session capacity, context gapping, sequence contexts) get the same
 * answers from both.
 */
@Tag("peer")
class SessionDifferentialTest {
    @Test
    void sameResponseCodesAsLibtpms() {
        List<Map<String, Integer>> both = LibTpms.sideBySide(42, SessionScenarios::run);
        Map<String, Integer> theirs = both.get(0);
        assertEquals(hex(theirs), hex(both.get(1)));
        assertEquals(hex(SessionScenarios.EXPECTED), hex(theirs));
    }

    /** 3 loaded and 64 active sessions, and what GetCapability says of them (Part 1, 30). */
    @Test
    void sessionCapacityAsLibtpms() {
        Map<String, Integer> mine = contextScenarios(ContextScenarios::capacity);
        assertEquals(0x903, mine.get("a 4th loaded session"), "TPM_RC_SESSION_MEMORY");
        assertEquals(64, mine.get("sessions active when StartAuthSession fails"));
        assertEquals(0x905, mine.get("StartAuthSession with every context slot taken"), "TPM_RC_SESSION_HANDLES");
        assertEquals(64, mine.get("saved sessions listed, 64 active"));
    }

    /** Context gapping (Part 1, 30.5): libtpms's 16-bit window of saved session contexts. */
    @Test
    void contextGapAsLibtpms() {
        Map<String, Integer> mine = contextScenarios(ContextScenarios::contextGap);
        assertEquals(0x901, mine.get("ContextSave of B with the gap at its maximum"), "TPM_RC_CONTEXT_GAP");
        assertEquals(0x901, mine.get("session D at the last loaded slot with the gap at its maximum"));
        assertEquals(0, mine.get("ContextLoad of A, the oldest, at the last loaded slot"));
    }

    /** Hash, HMAC and event sequences saved, flushed and loaded mid-way (Part 3, 28.2 and 28.3). */
    @Test
    void sequenceContextsAsLibtpms() {
        Map<String, Integer> mine = contextScenarios(ContextScenarios::sequenceContexts);
        assertEquals(1, mine.get("SequenceComplete gives H(all blocks)"));
        assertEquals(1, mine.get("the saved HMAC sequence gives the HMAC of all blocks"));
        assertEquals(0x80000001, mine.get("savedHandle of the HMAC sequence"));
    }

    /** Runs {@code steps} on libtpms and on the engine; the same answers, the engine's returned. */
    private static Map<String, Integer> contextScenarios(Consumer<ContextScenarios> steps) {
        List<Map<String, Integer>> both = LibTpms.sideBySide(42, tpm -> ContextScenarios.run(tpm, steps));
        assertEquals(hex(both.get(0)), hex(both.get(1)));
        return both.get(1);
    }

    private static String hex(Map<String, Integer> codes) {
        StringBuilder b = new StringBuilder();
        codes.forEach((name, rc) -> b.append(name).append(": 0x").append(Integer.toHexString(rc)).append('\n'));
        return b.toString();
    }
}
