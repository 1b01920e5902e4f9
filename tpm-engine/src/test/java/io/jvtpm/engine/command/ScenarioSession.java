package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The caller's side of an unsalted, unbound SHA-256 session (TPM 2.0 Library Part 1, 19.6; Part 3,
 * 11.1 StartAuthSession): it starts the session on a TPM, keeps the latest nonceTPM, and computes
 * command HMACs over cpHash = H(commandCode || Names || parameters). Its sessionKey is empty, so
 * an HMAC is keyed with the authValue of the authorized entity alone, or with nothing for a
 * session that authorizes no handle. Written from the spec, independently of the engine.
 */
final class ScenarioSession {
    /** TPM_ALG_SHA256, TPM_ALG_AES, TPM_ALG_CFB, TPM_ALG_NULL. */
    private static final int SHA256 = 0x000B;
    private static final int AES = 0x0006;
    private static final int CFB = 0x0043;
    private static final int NULL_ALG = 0x0010;

    private final int handle;
    private final byte[] sessionKey;
    private byte[] nonceTpm;
    private int nonceCount;

    private ScenarioSession(int handle, byte[] sessionKey, byte[] nonceTpm) {
        this.handle = handle;
        this.sessionKey = sessionKey;
        this.nonceTpm = nonceTpm;
    }

    /**
     * Starts a session of {@code type} on {@code tpm}, with AES-128-CFB parameter encryption
     * when {@code aesBits} is 128 (0: TPM_ALG_NULL).
     */
    public static ScenarioSession start(UnaryOperator<byte[]> tpm, TpmSe type, int aesBits) {
        return start(tpm, type, aesBits, TpmRh.NULL.value());
    }

    /**
     * Starts a session bound to {@code bind} whose authValue is {@code bindAuth} (no trailing
     * zeros): its sessionKey is KDFa(SHA-256, bindAuth, "ATH", nonceTPM, nonceCaller, 256) (Part 1,
     * 19.6.8).
     */
    public static ScenarioSession start(UnaryOperator<byte[]> tpm, TpmSe type, int aesBits, int bind,
            byte[] bindAuth) {
        ScenarioSession s = start(tpm, type, aesBits, bind);
        return new ScenarioSession(s.handle, kdfa(bindAuth, "ATH", s.nonceTpm, new byte[16], 256), s.nonceTpm);
    }

    /**
     * Starts a session bound to {@code bind}. Its sessionKey (from the bound entity's authValue)
     * is not computed here: use it only where the HMAC is meant to be wrong.
     */
    public static ScenarioSession start(UnaryOperator<byte[]> tpm, TpmSe type, int aesBits, int bind) {
        CommandBuilder b = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(bind);
        b.tpm2b(new byte[16]).u16(0).u8(type.value());
        if (aesBits == 0) {
            b.u16(NULL_ALG);
        } else {
            b.u16(AES).u16(aesBits).u16(CFB);
        }
        b.u16(SHA256);
        byte[] r = tpm.apply(b.build());
        if (TpmWire.responseCode(r) != 0) {
            throw new IllegalStateException("StartAuthSession: 0x" + Integer.toHexString(TpmWire.responseCode(r)));
        }
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE, r.length - TpmWire.HEADER_SIZE);
        int h = in.u32();
        return new ScenarioSession(h, new byte[0], in.tpm2b(64));
    }

    public int handle() {
        return handle;
    }

    public byte[] nonceTpm() {
        return nonceTpm.clone();
    }

    /** The sessionKey: empty for an unbound, unsalted session. */
    public byte[] sessionKey() {
        return sessionKey.clone();
    }

    /**
     * Encrypts {@code data} in place as the first command parameter with this session's
     * sessionValue {@code key} (Part 1, 21.3: AES-128-CFB, key and IV from KDFa(SHA-256, key,
     * "CFB", nonceCaller, nonceTPM, 256)).
     */
    public void encryptParameter(byte[] key, byte[] nonceCaller, byte[] data) {
        byte[] kiv = kdfa(key, "CFB", nonceCaller, nonceTpm, 256);
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CFB/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(kiv, 16), "AES"),
                    new javax.crypto.spec.IvParameterSpec(Arrays.copyOfRange(kiv, 16, 32)));
            byte[] out = c.doFinal(data);
            System.arraycopy(out, 0, data, 0, data.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** KDFa with SHA-256 (Part 1, 11.4.10.2). */
    static byte[] kdfa(byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] out = new byte[(bits + 7) / 8];
            for (int i = 1, at = 0; at < out.length; i++) {
                mac.update(TpmWire.u32Bytes(i));
                mac.update(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                mac.update((byte) 0);
                mac.update(contextU);
                mac.update(contextV);
                mac.update(TpmWire.u32Bytes(bits));
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, out.length - at);
                System.arraycopy(block, 0, out, at, n);
                at += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh 16-byte nonceCaller. */
    public byte[] nextNonce() {
        byte[] n = new byte[16];
        Arrays.fill(n, (byte) (handle + ++nonceCount));
        return n;
    }

    /** This session in a command, with {@code hmac} (empty for none). */
    public AuthCommand auth(byte[] nonceCaller, int attributes, byte[] hmac) {
        return new AuthCommand(handle, nonceCaller, attributes, hmac);
    }

    /**
     * The command HMAC: HMAC(key, cpHash || nonceCaller || nonceTPM || extra nonces || attributes),
     * {@code extraNonces} being the nonceTPMs of the decrypt and encrypt sessions that session 1's
     * HMAC includes.
     */
    public byte[] hmac(byte[] key, byte[] cpHash, byte[] nonceCaller, int attributes, byte[]... extraNonces) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC pads its key with zeros: one zero byte is the empty key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            mac.update(cpHash);
            mac.update(nonceCaller);
            mac.update(nonceTpm);
            for (byte[] n : extraNonces) {
                mac.update(n);
            }
            mac.update((byte) attributes);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** cpHash = SHA-256(commandCode || names || parameters). */
    public static byte[] cpHash(TpmCc cc, List<byte[]> names, byte[] parameters) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(TpmWire.u32Bytes(cc.value()));
            for (byte[] n : names) {
                md.update(n);
            }
            md.update(parameters);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes this session's new nonceTPM from a successful {@code response} with
     * {@code responseHandles} handles, in which it is session number {@code index} (0-based).
     */
    public void update(byte[] response, int responseHandles, int index) {
        nonceTpm = responseSessions(response, responseHandles).get(index)[0];
    }

    /**
     * The sessions of a response with sessions: for each, {nonceTPM, {attributes}, hmac}.
     */
    public static List<byte[][]> responseSessions(byte[] response, int responseHandles) {
        int start = TpmWire.HEADER_SIZE + 4 * responseHandles;
        TpmReader in = new TpmReader(response, start, response.length - start);
        int parameterSize = in.u32();
        in.skip(parameterSize);
        List<byte[][]> sessions = new ArrayList<>();
        while (in.remaining() > 0) {
            byte[] nonce = in.tpm2b(64);
            byte[] attributes = {(byte) in.u8()};
            byte[] hmac = in.tpm2b(64);
            sessions.add(new byte[][] {nonce, attributes, hmac});
        }
        return sessions;
    }
}
