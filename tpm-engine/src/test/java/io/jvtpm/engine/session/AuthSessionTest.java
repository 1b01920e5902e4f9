package io.jvtpm.engine.session;

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
        byte[] old = Arrays.copyOf(blob, blob.length - (2 + NAME.length + 1));
        AuthSession s = AuthSession.decode(old);
        assertTrue(s.boundTo(0x80000000, new byte[0], AUTH));
        assertFalse(s.boundTo(0x80000001, NAME, AUTH));
        assertFalse(s.isDaBound());
    }
}
