package io.jvtpm.engine.testing;

import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The caller's side of an HMAC or policy session (TPM 2.0 Library Part 1, 19.6 and 21): the
 * session key from KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller), the command
 * and response HMACs over cpHash/rpHash and the nonces, and parameter encryption: AES-CFB with
 * KDFa(authHash, key, "CFB", nonceNewer, nonceOlder) or XOR with KDFa(..., "XOR", ...). The nonces roll with each exchange
 * ({@link #nonceCaller(byte[])} before a command, {@link #nonceTpm(byte[])} after its response).
 */
public final class ClientSession {
    private final int handle;
    private final HashAlgorithm authHash;
    private final byte[] sessionKey;
    private final int symKeyBits;
    private final int boundHandle;
    private final byte[] bindAuth;
    private byte[] nonceCaller;
    private byte[] nonceTpm;
    private boolean xor;
    private int nonceCount;
    /** Used for audit: no longer bound (Part 1, 19.6.14; libtpms's InitAuditSession). */
    private boolean audit;

    private ClientSession(int handle, HashAlgorithm authHash, byte[] sessionKey, int symKeyBits, int boundHandle,
            byte[] bindAuth, byte[] nonceCaller, byte[] nonceTpm) {
        this.handle = handle;
        this.authHash = authHash;
        this.sessionKey = sessionKey;
        this.symKeyBits = symKeyBits;
        this.boundHandle = boundHandle;
        this.bindAuth = bindAuth;
        this.nonceCaller = nonceCaller;
        this.nonceTpm = nonceTpm;
    }

    /**
     * A session the TPM started as {@code handle} with {@code nonceTpm}, from the caller's
     * {@code nonceCaller}, {@code salt} (empty when unsalted) and the bound entity
     * ({@code boundHandle}, 0 when unbound, with its {@code bindAuth}).
     */
    public static ClientSession started(int handle, HashAlgorithm authHash, int symKeyBits, byte[] nonceCaller,
            byte[] nonceTpm, byte[] salt, int boundHandle, byte[] bindAuth) {
        byte[] bind = boundHandle == 0 ? new byte[0] : trim(bindAuth);
        byte[] secret = concat(bind, salt);
        // a bound session has a session key even when the bound authValue and the salt are empty
        byte[] key = boundHandle == 0 && salt.length == 0 ? new byte[0]
                : Kdf.kdfa(authHash, secret, "ATH", nonceTpm, nonceCaller, authHash.digestSize() * 8);
        return new ClientSession(handle, authHash, key, symKeyBits, boundHandle, boundHandle == 0 ? null : bind,
                nonceCaller, nonceTpm);
    }

    /**
     * Starts an unsalted, unbound SHA-256 session of {@code type} on {@code tpm} (Part 3, 11.1
     * StartAuthSession) with a zero nonceCaller, with AES-{@code aesBits}-CFB parameter encryption
     * (0: TPM_ALG_NULL). Its sessionKey is empty.
     */
    public static ClientSession start(UnaryOperator<byte[]> tpm, TpmSe type, int aesBits) {
        return start(tpm, type, aesBits, TpmRh.NULL.value(), new byte[0]);
    }

    /**
     * Starts an unsalted SHA-256 session bound to {@code bind} (TPM_RH_NULL: unbound) whose
     * authValue is {@code bindAuth}; an unbound session's sessionKey is empty.
     */
    public static ClientSession start(UnaryOperator<byte[]> tpm, TpmSe type, int aesBits, int bind,
            byte[] bindAuth) {
        byte[] nonceCaller = new byte[16];
        CommandBuilder b = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(bind);
        b.tpm2b(nonceCaller).u16(0).u8(type.value());
        if (aesBits == 0) {
            b.u16(TpmAlgId.NULL.value());
        } else {
            b.u16(TpmAlgId.AES.value()).u16(aesBits).u16(TpmAlgId.CFB.value());
        }
        b.u16(TpmAlgId.SHA256.value());
        byte[] r = tpm.apply(b.build());
        if (TpmWire.responseCode(r) != 0) {
            throw new IllegalStateException("StartAuthSession: 0x" + Integer.toHexString(TpmWire.responseCode(r)));
        }
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE, r.length - TpmWire.HEADER_SIZE);
        int handle = in.u32();
        byte[] nonceTpm = in.tpm2b(64);
        int boundHandle = bind == TpmRh.NULL.value() ? 0 : bind;
        return started(handle, HashAlgorithm.SHA256, aesBits, nonceCaller, nonceTpm, new byte[0], boundHandle,
                bindAuth);
    }

    public int handle() {
        return handle;
    }

    public HashAlgorithm authHash() {
        return authHash;
    }

    public int symKeyBits() {
        return symKeyBits;
    }

    public byte[] nonceTpm() {
        return nonceTpm;
    }

    public byte[] nonceCaller() {
        return nonceCaller;
    }

    /** The caller's nonce of the next command. */
    public void nonceCaller(byte[] nonce) {
        nonceCaller = nonce.clone();
    }

    /** The TPM's nonce from the last response. */
    public void nonceTpm(byte[] nonce) {
        nonceTpm = nonce.clone();
    }

    /** Sets a fresh 16-byte nonceCaller for the next command (a different one each call); this session. */
    public ClientSession nextNonceCaller() {
        byte[] n = new byte[16];
        Arrays.fill(n, (byte) (handle + ++nonceCount));
        nonceCaller = n;
        return this;
    }

    /**
     * Takes this session's new nonceTPM from a successful {@code response} with
     * {@code responseHandles} handles, in which it is session number {@code index} (0-based).
     */
    public void update(byte[] response, int responseHandles, int index) {
        nonceTpm(ResponseAuth.parse(response, responseHandles).get(index).nonceTpm());
    }

    /** This session in a command, with the current nonceCaller and {@code hmac} (empty for none). */
    public AuthCommand auth(int attributes, byte[] hmac) {
        return new AuthCommand(handle, nonceCaller, attributes, hmac);
    }

    /**
     * The HMAC key for authorizing {@code entity} with {@code authValue} (Part 1, 19.6.8): the
     * session key alone when the session is bound to that entity with that value, else
     * sessionKey || authValue (trailing zeros removed); null authValue for no entity.
     */
    public byte[] key(int entity, byte[] authValue) {
        if (authValue == null) {
            return sessionKey;
        }
        byte[] av = trim(authValue);
        if (!audit && bindAuth != null && boundHandle == entity && Arrays.equals(bindAuth, av)) {
            return sessionKey;
        }
        return concat(sessionKey, av);
    }

    /**
     * The parameter-encryption key (Part 1, 21.1, as libtpms computes it): sessionKey || the
     * authValue (trailing zeros removed) of the entity the session authorizes, bound to it or not;
     * the session key alone for a session that authorizes no entity (null authValue).
     */
    public byte[] cipherKey(byte[] authValue) {
        return authValue == null ? sessionKey : concat(sessionKey, trim(authValue));
    }

    /**
     * The session's first use for audit: from now on the TPM no longer treats it as bound, so an
     * authorization of the entity it was bound to appends that entity's authValue to the key.
     */
    public void auditStarted() {
        audit = true;
    }

    /** The session audit digest after one more audited command: H(digest || cpHash || rpHash) (Part 1, 19.6.14). */
    public byte[] extendAudit(byte[] digest, byte[] cpHash, byte[] rpHash) {
        return authHash.digest(digest, cpHash, rpHash);
    }

    /** cpHash = H(commandCode || Names || parameters) (Part 1, 18.7). */
    public byte[] cpHash(int commandCode, byte[][] names, byte[] parameters) {
        var md = authHash.newDigest();
        md.update(TpmWire.u32Bytes(commandCode));
        for (byte[] n : names) {
            md.update(n);
        }
        md.update(parameters);
        return md.digest();
    }

    /** cpHash = H(commandCode || Names || parameters) (Part 1, 18.7). */
    public byte[] cpHash(TpmCc commandCode, List<byte[]> names, byte[] parameters) {
        return cpHash(commandCode.value(), names.toArray(byte[][]::new), parameters);
    }

    /** rpHash = H(responseCode || commandCode || parameters) (Part 1, 18.8). */
    public byte[] rpHash(int responseCode, int commandCode, byte[] parameters) {
        return authHash.digest(TpmWire.u32Bytes(responseCode), TpmWire.u32Bytes(commandCode), parameters);
    }

    /**
     * The command HMAC: HMAC(key, cpHash || nonceCaller || nonceTPM || nonceDecrypt ||
     * nonceEncrypt || attributes); the other sessions' nonces are null when absent.
     */
    public byte[] commandHmac(byte[] key, byte[] cpHash, byte[] nonceDecrypt, byte[] nonceEncrypt, int attributes) {
        return hmac(key, cpHash, nonceCaller, nonceTpm, nonceDecrypt, nonceEncrypt, attributes);
    }

    /** The response HMAC: HMAC(key, rpHash || nonceTPM || nonceCaller || attributes). */
    public byte[] responseHmac(byte[] key, byte[] rpHash, int attributes) {
        return hmac(key, rpHash, nonceTpm, nonceCaller, null, null, attributes);
    }

    private byte[] hmac(byte[] key, byte[] pHash, byte[] newer, byte[] older, byte[] decrypt, byte[] encrypt,
            int attributes) {
        try {
            Mac mac = Mac.getInstance(authHash.hmacName());
            // an empty key is allowed for a TPM HMAC; the JCA wants at least one byte, and HMAC
            // pads a key with zeros to the block size anyway
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, authHash.hmacName()));
            mac.update(pHash);
            mac.update(newer);
            mac.update(older);
            if (decrypt != null) {
                mac.update(decrypt);
            }
            if (encrypt != null) {
                mac.update(encrypt);
            }
            mac.update((byte) attributes);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the session can encrypt parameters (AES-CFB or XOR). */
    public boolean encrypts() {
        return symKeyBits != 0 || xor;
    }

    /** The same session with XOR parameter obfuscation (Part 1, 21.2) instead of AES-CFB. */
    public ClientSession withXor() {
        ClientSession s = new ClientSession(handle, authHash, sessionKey, 0, boundHandle, bindAuth, nonceCaller,
                nonceTpm);
        s.xor = true;
        s.audit = audit;
        return s;
    }

    /** Encrypts a command parameter {@code buf[off, off+len)} in place (nonceCaller is the newer nonce). */
    public void encryptCommand(byte[] key, byte[] buf, int off, int len) {
        apply(key, Cipher.ENCRYPT_MODE, nonceCaller, nonceTpm, buf, off, len);
    }

    /** Decrypts a response parameter {@code buf[off, off+len)} in place (nonceTPM is the newer nonce). */
    public void decryptResponse(byte[] key, byte[] buf, int off, int len) {
        apply(key, Cipher.DECRYPT_MODE, nonceTpm, nonceCaller, buf, off, len);
    }

    /**
     * AES-CFB with key and IV from KDFa(authHash, key, "CFB", newer, older, bits + 128) (Part 1,
     * 21.3), or XOR with the mask KDFa(authHash, key, "XOR", newer, older, len * 8) (Part 1, 21.2).
     */
    private void apply(byte[] key, int mode, byte[] newer, byte[] older, byte[] buf, int off, int len) {
        if (xor) {
            byte[] mask = Kdf.kdfa(authHash, key, "XOR", newer, older, len * 8);
            for (int i = 0; i < len; i++) {
                buf[off + i] ^= mask[i];
            }
            return;
        }
        byte[] kiv = Kdf.kdfa(authHash, key, "CFB", newer, older, symKeyBits + 128);
        try {
            Cipher c = Cipher.getInstance("AES/CFB/NoPadding");
            c.init(mode, new SecretKeySpec(Arrays.copyOf(kiv, symKeyBits / 8), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(kiv, symKeyBits / 8, symKeyBits / 8 + 16)));
            byte[] out = c.doFinal(buf, off, len);
            System.arraycopy(out, 0, buf, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] trim(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(a, n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
