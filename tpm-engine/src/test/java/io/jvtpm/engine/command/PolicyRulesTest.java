package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmWire;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy sequences of {@link PolicyScenarios} on the engine alone (TPM 2.0 Library Part 3, 23;
 * Part 1, 19.7): the answers the spec gives the hostile steps, and policy digests recomputed here
 * from Part 3's formulas.
 */
class PolicyRulesTest {

    @Test
    void policiesAnswerAsTheSpecSays() {
        Map<String, String> answers;
        try (InProcessBackend tpm = TpmTestSupport.started(11)) {
            answers = PolicyScenarios.run(c -> tpm.execute(0, c));
        }
        PolicyScenarios.EXPECTED.forEach((step, rc) -> assertEquals(String.format("0x%03x", rc), answers.get(step), step));
        // policyDigest_new = H(policyDigest_old || TPM_CC_PolicyX || ...), from the zero digest
        assertEquals(digest(TpmWire.u32Bytes(TpmCc.POLICY_AUTH_VALUE.value())),
                answers.get("PolicyAuthValue (POLICY): policyDigest"));
        assertEquals(answers.get("PolicyAuthValue (TRIAL): policyDigest"),
                answers.get("PolicyPassword (POLICY): policyDigest"));
        assertEquals(digest(TpmWire.u32Bytes(TpmCc.POLICY_COMMAND_CODE.value()), TpmWire.u32Bytes(TpmCc.NV_READ.value())),
                answers.get("PolicyCommandCode NV_Read (TRIAL): policyDigest"));
        assertEquals(digest(TpmWire.u32Bytes(TpmCc.POLICY_LOCALITY.value()), new byte[] {3}),
                answers.get("PolicyLocality 3 (POLICY): policyDigest"));
        assertEquals(HexFormat.of().formatHex(new byte[32]), answers.get("PolicyRestart (POLICY): policyDigest"));
        // a trial PolicyOR does not need the digest in the list; a policy session refused it and kept its digest
        assertNotEquals(answers.get("PolicyOR without the current digest (TRIAL): policyDigest"),
                answers.get("PolicyOR without the current digest (POLICY): policyDigest"));
    }

    private static String digest(byte[]... parts) {
        java.security.MessageDigest md = HashAlgorithm.SHA256.newDigest();
        md.update(new byte[32]);
        for (byte[] p : parts) {
            md.update(p);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
