package io.jvtpm.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmSe;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A bound session's binding (TPM 2.0 Library Part 1, 19.6.11) and its saved form (Part 1, 30.3). */
class AuthSessionTest {
    private static final byte[] NAME = {0, 0x0B, 1, 2, 3, 4};
    private static final byte[] AUTH = {'p', 'w'};

    private static AuthSession bound() {
        return new AuthSession(0x02000000, TpmSe.HMAC, HashAlgorithm.SHA256, new byte[32], ParameterCipher.aesCfb(128),
                new Binding(0x80000000, NAME, AUTH, true), new byte[32]);
    }

    @Test
    void theBoundEntityIsKnownByItsNameAndAuthValue() {
        AuthSession s = AuthSession.decode(bound().encode());
        assertTrue(s.boundTo(0x80000001, NAME, AUTH), "the same object loaded at another handle");
        assertFalse(s.boundTo(0x80000000, new byte[] {0, 0x0B, 9}, AUTH), "another object at the same handle");
        assertFalse(s.boundTo(0x80000000, NAME, new byte[] {'x'}), "its authValue changed");
        assertTrue(s.isDaBound());
        assertFalse(new AuthSession(0x02000001, TpmSe.HMAC, HashAlgorithm.SHA256, new byte[0], ParameterCipher.NONE, null,
                new byte[32]).isDaBound());
    }

    @Test
    void aContextSavedWithoutTheNameComparesHandles() {
        byte[] blob = bound().encode();
        // the layout before the Name (and the policy state after it) were kept: all up to the Name's TPM2B
        int nameAt = 0;
        while (!Arrays.equals(Arrays.copyOfRange(blob, nameAt, nameAt + NAME.length), NAME)) {
            nameAt++;
        }
        byte[] old = Arrays.copyOf(blob, nameAt - 2);
        AuthSession s = AuthSession.decode(old);
        assertTrue(s.boundTo(0x80000000, new byte[0], AUTH));
        assertFalse(s.boundTo(0x80000001, NAME, AUTH));
        assertFalse(s.isDaBound());
    }

    /** A saved policy session keeps its policy state (Part 1, 19.7): bound hash, locality, timeout, PCR counter, conditions. */
    @Test
    void aSavedPolicySessionKeepsItsPolicyState() {
        AuthSession s = new AuthSession(0x03000000, TpmSe.POLICY, HashAlgorithm.SHA256, new byte[0], ParameterCipher.NONE, null,
                new byte[32]);
        s.extendPolicy(new byte[] {1});
        PolicyState p = s.policy();
        p.started(1234, 0x0000000500000002L);
        p.bindHash(PolicyState.HashKind.TEMPLATE, new byte[32]);
        p.locality(0x03);
        p.limitTimeout(99_000);
        p.pcrCounter(21);
        p.requirePp();
        p.nvWritten(true);
        AuthSession back = AuthSession.decode(s.encode());
        PolicyState q = back.policy();
        assertTrue(Arrays.equals(s.policyDigest(), back.policyDigest()));
        assertEquals(PolicyState.HashKind.TEMPLATE, q.hashKind());
        assertEquals(3, q.locality());
        assertEquals(99_000, q.timeout());
        assertEquals(21, q.pcrCounter());
        assertEquals(1234, q.startTime());
        assertEquals(0x0000000500000002L, q.epoch());
        assertTrue(q.ppRequired() && q.checkNvWritten() && q.nvWrittenState());
        back.restartPolicy();
        assertEquals(PolicyState.HashKind.NONE, back.policy().hashKind());
        assertEquals(0, back.policy().timeout());
        assertEquals(1234, back.policy().startTime(), "the start time stays");
    }
}
