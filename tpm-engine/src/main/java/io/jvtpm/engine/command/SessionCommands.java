package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.Binding;
import io.jvtpm.engine.session.SessionTable;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * TPM2_StartAuthSession (TPM 2.0 Library Part 3, 11.1; Part 1, 19.6.8 and 21): HMAC, policy
 * and trial sessions, unbound or bound, unsalted or salted with an RSA key (OAEP, label
 * "SECRET"); the session key is KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller,
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
        int symBits = 0;
        if (symAlg == TpmAlgId.AES.value()) {
            symBits = r.u16();
            if (symBits != 128 && symBits != 192 && symBits != 256) {
                throw r.fail(TpmRc.KEY_SIZE);
            }
            if (r.u16() != TpmAlgId.CFB.value()) {
                throw r.fail(TpmRc.MODE);
            }
        } else if (symAlg != TpmAlgId.NULL.value()) {
            throw r.fail(TpmRc.SYMMETRIC);
        }
        r.param(5);
        HashAlgorithm authHash = Structures.readHash(r, false);
        c.endParameters();
        if (nonceCaller.length < 16) {
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
            bindAuth = ObjectCommands.trimAuth(authValue(tpm, bind));
        }
        SessionTable table = tpm.sessions();
        int handle = table.freeHandle(type != TpmSe.HMAC);
        byte[] nonceTpm = new byte[authHash.digestSize()];
        tpm.random(nonceTpm, 0, nonceTpm.length);
        byte[] sessionKey = new byte[0];
        if (bindAuth != null || salt.length != 0) {
            byte[] secret = bindAuth == null ? salt : concat(bindAuth, salt);
            sessionKey = Kdf.kdfa(authHash, secret, "ATH", nonceTpm, nonceCaller, authHash.digestSize() * 8);
        }
        AuthSession session = new AuthSession(handle, type, authHash, sessionKey, symBits,
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

    private static byte[] authValue(TpmEngine tpm, int h) {
        if (TpmHt.PERMANENT.matches(h)) {
            return tpm.hierarchies().authValue(h);
        }
        if (TpmHt.NV_INDEX.matches(h)) {
            return tpm.nvIndices().get(h).authValue();
        }
        LoadedObject o = tpm.loaded(h);
        if (o == null) {
            throw new TpmRcException(TpmRc.HANDLE.handle(2));
        }
        return o.authValue();
    }

    private static byte[] decryptSalt(LoadedObject key, byte[] encrypted) {
        if (key.publicArea().type() != ObjectType.RSA || !key.has(ObjectAttributes.DECRYPT)
                || key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        HashAlgorithm h = key.publicArea().nameAlg();
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
            return cipher.doFinal(encrypted);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TpmRcException(TpmRc.VALUE.param(2));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
