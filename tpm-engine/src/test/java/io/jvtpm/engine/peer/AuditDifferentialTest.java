package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.command.AuditScenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Command audit and audit sessions (TPM 2.0 Library Part 1, 19.6.14 and "Command Audit"; Part 3, 18.5,
 * 18.6, 21.2) side by side with libtpms in process: every step of {@link AuditScenarios} gets
 * the same answer from both: response codes, response session attributes (auditExclusive),
 * the command audit digest, counter and algorithm, the session audit digests and exclusivity,
 * and each digest equals the one the caller computes.
 */
@Tag("peer")
class AuditDifferentialTest {
    @Test
    void sameAnswersAsLibtpms() {
        List<Map<String, String>> both = LibTpms.sideBySide(43, AuditScenarios::run);
        Map<String, String> theirs = both.get(0);
        assertEquals(text(theirs), text(both.get(1)));
        theirs.forEach((name, value) -> {
            if (name.endsWith("vs caller") || name.endsWith("response HMAC")) {
                assertEquals(AuditScenarios.MATCHES, value, "libtpms, " + name);
            }
        });
    }

    private static String text(Map<String, String> answers) {
        StringBuilder b = new StringBuilder();
        answers.forEach((name, value) -> b.append(name).append(": ").append(value).append('\n'));
        return b.toString();
    }
}
