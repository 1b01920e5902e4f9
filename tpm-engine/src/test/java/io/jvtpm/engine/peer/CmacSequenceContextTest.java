package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.TpmRc;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ContextSave and ContextLoad of a CMAC sequence (TPM 2.0 Library Part 3, 17.2 MAC_Start, 28.2
 * and 28.3) on the engine alone: libtpms 0.9 crashes saving one, so it has no side-by-side run.
 */
class CmacSequenceContextTest {
    @Test
    void savedCmacSequenceGivesTheCmacOfAllBlocks() {
        try (InProcessBackend tpm = TpmTestSupport.started(42)) {
            Map<String, Integer> answers = ContextScenarios.run(c -> tpm.execute(0, c),
                    ContextScenarios::cmacSequenceContext);
            assertEquals(1, answers.get("the saved CMAC sequence gives the CMAC of all blocks"), answers.toString());
            assertEquals(0x80000001, answers.get("savedHandle of the CMAC sequence again"));
            assertEquals(TpmRc.INTEGRITY.param(1), answers.get("ContextLoad of the CMAC sequence, one bit flipped"));
            answers.forEach((step, rc) -> {
                if (step.startsWith("ContextLoad of") && step.endsWith("flipped") || step.startsWith("savedHandle")
                        || step.startsWith("the saved")) {
                    return;
                }
                assertEquals(0, rc, step);
            });
        }
    }
}
