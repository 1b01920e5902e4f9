package io.jvtpm.engine.command;

/**
 * A command's attributes beyond its handles (TPMA_CC of TPM 2.0 Library Part 2, 8.9, and the
 * session rules of Part 3's command tables, including which parameters may be encrypted).
 */
public enum CommandAttribute {
    /** The command may write NV (TPMA_CC.nv). */
    NV(1 << 22),
    /** The command flushes its first handle (TPMA_CC.flushed). */
    FLUSHED(1 << 24),
    /** The response has a handle (TPMA_CC.rHandle). */
    R_HANDLE(1 << 28),
    /** Sessions are not allowed (TPM_RC_AUTH_CONTEXT); not a TPMA_CC bit. */
    NO_SESSIONS(0),
    /**
     * The first command parameter is a TPM2B that a session with the decrypt attribute may
     * encrypt (Part 3's "decrypt" column; Part 1, 21.1); not a TPMA_CC bit.
     */
    DECRYPT(0),
    /**
     * The first response parameter is a TPM2B that a session with the encrypt attribute may
     * encrypt (Part 3's "encrypt" column; Part 1, 21.1); not a TPMA_CC bit.
     */
    ENCRYPT(0);

    private final int tpmaCc;

    CommandAttribute(int tpmaCc) {
        this.tpmaCc = tpmaCc;
    }

    /** The TPMA_CC bit, 0 for none. */
    public int tpmaCc() {
        return tpmaCc;
    }
}
