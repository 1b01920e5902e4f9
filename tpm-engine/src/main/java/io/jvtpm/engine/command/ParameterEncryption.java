package io.jvtpm.engine.command;

import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.SessionCrypto;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmWire;

/**
 * Session-based parameter encryption (TPM 2.0 Library Part 1, 21): the first command parameter
 * of a command whose table row allows it ({@link CommandSpec#allowsDecrypt()}) decrypted in
 * place for the session with the decrypt attribute, and the first response parameter
 * ({@link CommandSpec#allowsEncrypt()}) encrypted for the session with the encrypt attribute.
 * The key is sessionKey || authValue of the entity the session authorizes (with trailing zeros
 * removed, whether or not the session is bound to it), or the sessionKey alone for a session that
 * authorizes nothing (Part 1, 21.1; libtpms does the same).
 */
final class ParameterEncryption {
    private ParameterEncryption() {
    }

    /**
     * The CFB key of {@code session}: its sessionKey followed by {@code authValue}, the
     * authValue of the entity it authorizes, or null when it authorizes none.
     */
    static byte[] key(AuthSession session, byte[] authValue) {
        return SessionCrypto.hmacKey(session, authValue == null ? null : trim(authValue));
    }

    /**
     * Decrypts the TPM2B at {@code command[paramStart]} in place. Fewer than two bytes of
     * parameters are TPM_RC_INSUFFICIENT and a size beyond the parameters TPM_RC_SIZE, both for
     * session number {@code sessionNumber} (1-based).
     */
    static void decrypt(AuthSession session, byte[] key, byte[] nonceCaller, byte[] command, int paramStart,
            int sessionNumber) {
        int available = command.length - paramStart;
        if (available < 2) {
            throw new TpmRcException(TpmRc.INSUFFICIENT.session(sessionNumber));
        }
        int size = TpmWire.u16(command, paramStart);
        if (size > available - 2) {
            throw new TpmRcException(TpmRc.SIZE.session(sessionNumber));
        }
        SessionCrypto.crypt(session, key, false, nonceCaller, session.nonceTpm(), command, paramStart + 2, size);
    }

    /**
     * Encrypts the TPM2B at {@code response[rpStart]} in place with the new nonceTPM; the
     * response's parameters end at {@code paramEnd}.
     */
    static void encrypt(AuthSession session, byte[] key, byte[] newNonceTpm, byte[] nonceCaller, byte[] response,
            int rpStart, int paramEnd) {
        if (paramEnd - rpStart < 2) {
            return;
        }
        int size = Math.min(TpmWire.u16(response, rpStart), paramEnd - rpStart - 2);
        SessionCrypto.crypt(session, key, true, newNonceTpm, nonceCaller, response, rpStart + 2, size);
    }

    private static byte[] trim(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }
}
