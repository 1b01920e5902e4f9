package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.command.SessionScenarios;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
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
        LibTpms.require();
        try (LibTpms lib = LibTpms.start(); InProcessBackend ours = TpmTestSupport.started(42)) {
            assertEquals(0, TpmTestSupport.rc(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            Map<String, Integer> theirs = SessionScenarios.run(lib::process);
            Map<String, Integer> mine = SessionScenarios.run(c -> ours.execute(0, c));
            assertEquals(hex(theirs), hex(mine));
            assertEquals(hex(SessionScenarios.EXPECTED), hex(theirs));
        }
    }

    private static String hex(Map<String, Integer> codes) {
        StringBuilder b = new StringBuilder();
        codes.forEach((name, rc) -> b.append(name).append(": 0x").append(Integer.toHexString(rc)).append('\n'));
        return b.toString();
    }
}
