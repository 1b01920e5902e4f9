package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session rules of TPM 2.0 Library Part 1, 19.6 and 21 on the engine: each scenario of
 * {@link SessionScenarios} gets the response code the spec (and libtpms) gives it.
 */
class SessionRulesTest {
    @Test
    void eachScenarioGetsItsResponseCode() {
        InProcessBackend tpm = TpmTestSupport.started(41);
        Map<String, Integer> got = SessionScenarios.run(c -> tpm.execute(0, c));
        List<String> wrong = new ArrayList<>();
        SessionScenarios.EXPECTED.forEach((name, rc) -> {
            if (!rc.equals(got.get(name))) {
                wrong.add(name + ": 0x" + Integer.toHexString(got.getOrDefault(name, -1)) + ", expected 0x"
                        + Integer.toHexString(rc));
            }
        });
        assertEquals(SessionScenarios.EXPECTED.keySet(), got.keySet());
        assertEquals(List.of(), wrong);
    }
}
