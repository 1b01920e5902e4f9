package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.command.SessionScenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The session rules of TPM 2.0 Library Part 1, 19.6 and 21 (HMACs of sessions that authorize no
 * handle, decrypt and encrypt where the command allows them, one of each) side by side with
 * libtpms in process: every scenario of {@link SessionScenarios} gets the same response code
 * from both, and the code the scenario expects.
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

    private static String hex(Map<String, Integer> codes) {
        StringBuilder b = new StringBuilder();
        codes.forEach((name, rc) -> b.append(name).append(": 0x").append(Integer.toHexString(rc)).append('\n'));
        return b.toString();
    }
}
