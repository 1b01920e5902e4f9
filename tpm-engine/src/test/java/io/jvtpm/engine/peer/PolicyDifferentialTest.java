package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.command.PolicyScenarios;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Enhanced authorization side by side with libtpms in process (TPM 2.0 Library Part 3, 23; Part 1,
 * 19.7): every step of {@link PolicyScenarios} gets the same response code from both and the
 * same policyDigest, and the hostile steps get the code the spec gives them.
 */
@Tag("peer")
class PolicyDifferentialTest {

    @Test
    void samePolicyAnswersAsLibtpms() {
        LibTpms.require();
        Map<String, String> theirs;
        Map<String, String> mine;
        try (LibTpms lib = LibTpms.start(); InProcessBackend ours = TpmTestSupport.started(7)) {
            assertEquals(0, TpmTestSupport.rc(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            theirs = PolicyScenarios.run(lib::process);
            mine = PolicyScenarios.run(c -> ours.execute(0, c));
        }
        List<String> differences = new ArrayList<>();
        theirs.forEach((step, answer) -> {
            if (!answer.equals(mine.get(step))) {
                differences.add(step + ": libtpms " + answer + ", jvtpm " + mine.get(step));
            }
        });
        assertEquals(theirs.keySet(), mine.keySet());
        assertTrue(theirs.size() > 250, "the corpus ran: " + theirs.size());
        assertEquals(List.of(), differences, differences.size() + " of " + theirs.size() + " steps differ");
        // the hostile cases answer as the spec says
        PolicyScenarios.EXPECTED.forEach((step, rc) -> assertEquals(String.format("0x%03x", rc), theirs.get(step), step));
    }

}
