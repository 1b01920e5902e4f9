package io.jvtpm.engine.wire;

/**
 * TPMS_AUTH_COMMAND (TPM 2.0 Library Part 2, 10.13.2): one session of a command's authorization
 * area.
 *
 * @param session     the session handle (TPM_RS_PW for a password)
 * @param nonce       nonceCaller
 * @param attributes  TPMA_SESSION ({@link TpmaSession})
 * @param hmac        the HMAC, or the password for TPM_RS_PW
 */
public record AuthCommand(int session, byte[] nonce, int attributes, byte[] hmac) {
    /** A password session (TPM_RS_PW, Part 1, 19.8.4) with no attributes. */
    public static AuthCommand password(byte[] password) {
        return new AuthCommand(TpmRh.RS_PW.value(), new byte[0], 0, password);
    }

    /** The empty password, as firmware sends for platformAuth it has not yet changed. */
    public static AuthCommand emptyPassword() {
        return password(new byte[0]);
    }

    /** Marshals this TPMS_AUTH_COMMAND. */
    public void write(TpmWriter w) {
        w.u32(session).tpm2b(nonce).u8(attributes).tpm2b(hmac);
    }

    /** Its marshalled size. */
    public int size() {
        return 4 + 2 + nonce.length + 1 + 2 + hmac.length;
    }
}
