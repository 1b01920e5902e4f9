package io.jvtpm.engine.session;

import io.jvtpm.engine.crypto.HashAlgorithm;

/**
 * A loaded HMAC authorization session (TPM 2.0 Library Part 1, 19.6 "HMAC Sessions"; Part 3,
 * 11.1 StartAuthSession): its hash, the latest nonceTPM, the session key, the parameter
 * encryption key size (0: none; AES-CFB otherwise), and the entity it is bound to.
 */
public final class AuthSession {
    private final int handle;
    private final HashAlgorithm authHash;
    private final byte[] sessionKey;
    private final int symKeyBits;
    private final int boundHandle;
    private final byte[] boundAuth;
    private byte[] nonceTpm;

    public AuthSession(int handle, HashAlgorithm authHash, byte[] sessionKey, int symKeyBits, int boundHandle,
            byte[] boundAuth, byte[] nonceTpm) {
        this.handle = handle;
        this.authHash = authHash;
        this.sessionKey = sessionKey;
        this.symKeyBits = symKeyBits;
        this.boundHandle = boundHandle;
        this.boundAuth = boundAuth;
        this.nonceTpm = nonceTpm;
    }

    public int handle() {
        return handle;
    }

    public HashAlgorithm authHash() {
        return authHash;
    }

    public byte[] sessionKey() {
        return sessionKey;
    }

    /** AES key bits for parameter encryption, 0 when the session has no symmetric algorithm. */
    public int symKeyBits() {
        return symKeyBits;
    }

    public byte[] nonceTpm() {
        return nonceTpm;
    }

    public void nonceTpm(byte[] n) {
        nonceTpm = n;
    }

    /**
     * True when this session was bound to {@code handle} whose authValue is still
     * {@code authValue}: then the authValue is already in the session key and is not appended
     * to the HMAC key (Part 1, 19.6.11).
     */
    public boolean boundTo(int handle, byte[] authValue) {
        return boundAuth != null && boundHandle == handle && java.util.Arrays.equals(boundAuth, authValue);
    }
}
