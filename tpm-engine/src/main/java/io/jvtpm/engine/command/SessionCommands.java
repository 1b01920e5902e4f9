package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.PublicParms;
import io.jvtpm.engine.object.Scheme;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.Binding;
import io.jvtpm.engine.session.ParameterCipher;
import io.jvtpm.engine.session.SessionTable;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * TPM2_StartAuthSession (TPM 2.0 Library Part 3, 11.1; Part 1, 19.6.8 and 21): HMAC, policy
 * and trial sessions, unbound or bound, unsalted or salted with an RSA key (OAEP, label
 * "SECRET") or an ECC key (ECDH and KDFe, Part 1, C.6.1), with AES-CFB or XOR parameter
 * encryption; the session key is KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller,
 * digest bits).
 */
final class SessionCommands {
    private SessionCommands() {
    }

    static void startAuthSession(Command c) {
        TpmReader r = c.in();
        byte[] nonceCaller = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        byte[] encryptedSalt = r.tpm2b(512);
        r.param(3);
        TpmSe type = TpmSe.of(r.u8());
        if (type == null) {
            throw r.fail(TpmRc.VALUE);
        }
        r.param(4);
        int symAlg = r.u16();
        ParameterCipher cipher = ParameterCipher.NONE;
        if (symAlg == TpmAlgId.AES.value()) {
            int symBits = r.u16();
            if (symBits != 128 && symBits != 192 && symBits != 256) {
                throw r.fail(TpmRc.KEY_SIZE);
            }
            if (r.u16() != TpmAlgId.CFB.value()) {
                throw r.fail(TpmRc.MODE);
            }
            cipher = ParameterCipher.aesCfb(symBits);
        } else if (symAlg == TpmAlgId.XOR.value()) {
            // keyBits.xor: the hash of the obfuscation (TPMI_ALG_HASH, no TPM_ALG_NULL)
            if (HashAlgorithm.fromId(r.u16()) == null) {
                throw r.fail(TpmRc.HASH);
            }
            cipher = ParameterCipher.XOR;
        } else if (symAlg != TpmAlgId.NULL.value()) {
            throw r.fail(TpmRc.SYMMETRIC);
        }
        r.param(5);
        HashAlgorithm authHash = Structures.readHash(r, false);
        c.endParameters();
        if (nonceCaller.length < 16 || nonceCaller.length > authHash.digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        TpmEngine tpm = c.tpm();
        int tpmKey = c.handle(0);
        int bind = c.handle(1);
        byte[] salt = new byte[0];
        if (tpmKey != TpmRh.NULL.value()) {
            salt = decryptSalt(ObjectSupport.object(c, 0), encryptedSalt);
        } else if (encryptedSalt.length != 0) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        byte[] bindAuth = null;
        if (bind != TpmRh.NULL.value()) {
            bindAuth = ObjectCommands.trimAuth(bindAuth(tpm, bind));
        }
        SessionTable table = tpm.sessions();
        int handle = table.freeHandle(type != TpmSe.HMAC, tpm.objectState().contextCounter());
        byte[] nonceTpm = new byte[authHash.digestSize()];
        tpm.random(nonceTpm, 0, nonceTpm.length);
        byte[] sessionKey = new byte[0];
        if (bindAuth != null || salt.length != 0) {
            byte[] secret = bindAuth == null ? salt : concat(bindAuth, salt);
            sessionKey = Kdf.kdfa(authHash, secret, "ATH", nonceTpm, nonceCaller, authHash.digestSize() * 8);
        }
        AuthSession session = new AuthSession(handle, type, authHash, sessionKey, cipher,
                bindAuth == null ? null : binding(tpm, bind, bindAuth), nonceTpm);
        session.policy().started(tpm.clock().time(), Tickets.timeEpoch(tpm));
        table.put(session);
        c.responseHandle(handle);
        c.out().tpm2b(nonceTpm);
    }

    /**
     * The bound entity: its Name, and whether DA protection covers it (Part 1, 19.8: lockoutAuth,
     * and objects without noDA; other hierarchies and PCRs are exempt).
     */
    private static Binding binding(TpmEngine tpm, int bind, byte[] bindAuth) {
        return new Binding(bind, AuthorizationArea.name(tpm, bind), bindAuth, !DaProtection.exempt(tpm, bind));
    }

    /**
     * The authValue of the entity a session is bound to (Part 3, 11.1; libtpms's checks): any
     * hierarchy, object, sequence, NV index or PCR; an object loaded with its public part only,
     * or a PIN Pass or PIN Fail index, is TPM_RC_HANDLE for bind.
     */
    private static byte[] bindAuth(TpmEngine tpm, int h) {
        if (TpmHt.TRANSIENT.matches(h) || TpmHt.PERSISTENT.matches(h)) {
            LoadedObject o = tpm.loaded(h);
            if (o != null && o.sensitive() == null) {
                throw new TpmRcException(TpmRc.HANDLE.handle(2));
            }
        } else if (TpmHt.NV_INDEX.matches(h)) {
            TpmNt nt = tpm.nvIndices().get(h).type();
            if (nt == TpmNt.PIN_PASS || nt == TpmNt.PIN_FAIL) {
                throw new TpmRcException(TpmRc.HANDLE.handle(2));
            }
        }
        return AuthorizationArea.authValue(tpm, h);
    }

    /**
     * The salt from {@code encrypted} with {@code tpmKey} (Part 3, 11.1 and libtpms's
     * CryptSecretDecrypt): an asymmetric key (else TPM_RC_KEY), a non-empty secret (else
     * TPM_RC_VALUE), the private part loaded (else TPM_RC_HANDLE), a decrypt key (else
     * TPM_RC_ATTRIBUTES); a secret that does not decrypt answers TPM_RC_VALUE.
     */
    private static byte[] decryptSalt(LoadedObject key, byte[] encrypted) {
        ObjectType type = key.publicArea().type();
        if (type != ObjectType.RSA && type != ObjectType.ECC) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        if (encrypted.length == 0) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        if (key.sensitive() == null) {
            throw new TpmRcException(TpmRc.HANDLE.handle(1));
        }
        if (!key.has(ObjectAttributes.DECRYPT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        byte[] salt = type == ObjectType.RSA ? rsaSalt(key, encrypted) : eccSalt(key, encrypted);
        if (salt == null) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
        return salt;
    }

    /**
     * RSA: OAEP with label "SECRET" and the key's OAEP hash (its nameAlg when the key's scheme is
     * TPM_ALG_NULL); a salt longer than that hash's digest is refused. Null when it does not
     * decrypt.
     */
    private static byte[] rsaSalt(LoadedObject key, byte[] encrypted) {
        Scheme scheme = key.publicArea().scheme();
        HashAlgorithm h = scheme.isNull() ? key.publicArea().nameAlg()
                : scheme.alg() == TpmAlgId.OAEP.value() ? scheme.hash() : null;
        if (h == null) {
            return null;
        }
        String md = switch (h) {
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        };
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.keys().privateKey(), new OAEPParameterSpec(md, "MGF1",
                    new MGF1ParameterSpec(md), new PSource.PSpecified(Kdf.label("SECRET"))));
            byte[] salt = cipher.doFinal(encrypted);
            return salt.length > h.digestSize() ? null : salt;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * ECC (Part 1, C.6.1 and 11.4.10.3): the secret is the caller's ephemeral point Qe as a
     * TPMS_ECC_POINT; Z = d·Qe; salt = KDFe(nameAlg, x(Z) at the curve's size, "SECRET", x(Qe)
     * as sent, x(Qs) of the key, digest bits). Null when the point is malformed, off the curve
     * or the product is the point at infinity.
     */
    private static byte[] eccSalt(LoadedObject key, byte[] encrypted) {
        TpmReader r = new TpmReader(encrypted, 0, encrypted.length);
        byte[] x;
        byte[] y;
        try {
            x = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
            y = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
        } catch (TpmRcException e) {
            return null;
        }
        EccCurve curve = ((PublicParms.Ecc) key.publicArea().parms()).curve();
        BigInteger[] z = curve.multiply(Numbers.of(x), Numbers.of(y), Numbers.of(key.sensitive().sensitive()));
        if (z == null) {
            return null;
        }
        HashAlgorithm h = key.publicArea().nameAlg();
        return Kdf.kdfe(h, curve.pad(z[0]), "SECRET", x, key.publicArea().unique(), h.digestSize() * 8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
