package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.object.ProtectedStorage;
import io.jvtpm.engine.object.PublicArea;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.PublicParms;
import io.jvtpm.engine.object.SensitiveArea;
import io.jvtpm.engine.wire.TpmRc;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Credential protection and import (TPM 2.0 Library Part 1, 24 "Credential Protection" and 23.3
 * duplication; Part 3, 12.6 MakeCredential, 12.5 ActivateCredential, 13.3 Import). A seed is
 * shared with a storage key: RSA-OAEP with the key's nameAlg and label "IDENTITY"/"DUPLICATE",
 * or for ECC an ephemeral point and KDFe(nameAlg, Z, label, Qe.x, Qs.x). The seed keys the same
 * outer wrap as protected storage (KDFa "STORAGE"/"INTEGRITY").
 */
final class CredentialCommands {
    /** The largest TPM2B_ENCRYPTED_SECRET payload: an RSA ciphertext or a marshaled ECC point. */
    static final int MAX_SECRET = 2 + 2 * (2 + PublicCodec.MAX_ECC_BYTES) + PublicCodec.MAX_RSA_BYTES;

    private CredentialCommands() {
    }

    private static String jcaHash(HashAlgorithm h) {
        return switch (h) {
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        };
    }

    /** A storage key that can share a seed (restricted decryption key with its sensitive area). */
    private static LoadedObject storageKey(Command c, int i, boolean needPrivate) {
        LoadedObject k = ObjectSupport.object(c, i);
        PublicArea p = k.publicArea();
        if ((p.type() != ObjectType.RSA && p.type() != ObjectType.ECC) || !p.isStorageParent()
                || (needPrivate && k.sensitive() == null)) {
            throw new TpmRcException(TpmRc.TYPE.handle(i + 1));
        }
        return k;
    }

    /** Makes a seed for {@code key}: {seed, encrypted secret}. */
    static byte[][] makeSeed(Command c, LoadedObject key, String label) {
        HashAlgorithm h = key.publicArea().nameAlg();
        if (key.publicArea().parms() instanceof PublicParms.Ecc ecc) {
            EccCurve curve = ecc.curve();
            BigInteger n = curve.order();
            BigInteger d = Numbers.of(ObjectSupport.random(c.tpm()).bytes(curve.bytes() + 8))
                    .mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            BigInteger[] qe = curve.multiplyBase(d);
            BigInteger[] z = curve.multiply(Numbers.of(key.publicArea().unique()),
                    Numbers.of(key.publicArea().uniqueY()), d);
            byte[] seed = Kdf.kdfe(h, curve.pad(z[0]), label, curve.pad(qe[0]), curve.pad(Numbers.of(
                    key.publicArea().unique())), h.digestSize() * 8);
            TpmWriter w = new TpmWriter(2 * curve.bytes() + 4);
            w.tpm2b(curve.pad(qe[0])).tpm2b(curve.pad(qe[1]));
            return new byte[][] {seed, w.toByteArray()};
        }
        byte[] seed = ObjectSupport.random(c.tpm()).bytes(h.digestSize());
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.keys().publicKey(), oaep(h, label));
            return new byte[][] {seed, cipher.doFinal(seed)};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP failed", e);
        }
    }

    private static OAEPParameterSpec oaep(HashAlgorithm h, String label) {
        String md = jcaHash(h);
        return new OAEPParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), new PSource.PSpecified(Kdf.label(label)));
    }

    /** Recovers a seed shared with {@code key}; TPM_RC_VALUE/ECC_POINT for parameter {@code param} when it does not decrypt. */
    static byte[] recoverSeed(LoadedObject key, byte[] secret, String label, int param) {
        HashAlgorithm h = key.publicArea().nameAlg();
        if (key.publicArea().parms() instanceof PublicParms.Ecc ecc) {
            EccCurve curve = ecc.curve();
            BigInteger[] z;
            try {
                TpmReader r = new TpmReader(secret, 0, secret.length);
                byte[] x = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
                byte[] y = r.tpm2b(PublicCodec.MAX_ECC_BYTES);
                r.end();
                z = curve.multiply(Numbers.of(x), Numbers.of(y), Numbers.of(key.sensitive().sensitive()));
                if (z == null) {
                    throw new TpmRcException(TpmRc.ECC_POINT.param(param));
                }
                return Kdf.kdfe(h, curve.pad(z[0]), label, curve.pad(Numbers.of(x)),
                        curve.pad(Numbers.of(key.publicArea().unique())), h.digestSize() * 8);
            } catch (TpmRcException e) {
                throw new TpmRcException(TpmRc.ECC_POINT.param(param));
            }
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.keys().privateKey(), oaep(h, label));
            return cipher.doFinal(secret);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TpmRcException(TpmRc.VALUE.param(param));
        }
    }

    static void makeCredential(Command c) {
        TpmReader r = c.in();
        byte[] credential = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        r.param(2);
        byte[] objectName = r.tpm2b(2 + HashAlgorithm.MAX_DIGEST);
        c.endParameters();
        LoadedObject key = storageKey(c, 0, false);
        if (credential.length > key.publicArea().nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        byte[][] seed = makeSeed(c, key, "IDENTITY");
        TpmWriter plain = new TpmWriter(credential.length + 2);
        plain.tpm2b(credential);
        byte[] blob = ProtectedStorage.wrap(key.publicArea().nameAlg(), seed[0], key.publicArea().symmetric(),
                objectName, plain.toByteArray());
        c.out().tpm2b(blob).tpm2b(seed[1]);
    }

    static void activateCredential(Command c) {
        TpmReader r = c.in();
        byte[] blob = r.tpm2b(2 + 2 * HashAlgorithm.MAX_DIGEST + 4);
        r.param(2);
        byte[] secret = r.tpm2b(MAX_SECRET);
        c.endParameters();
        LoadedObject object = ObjectSupport.object(c, 0);
        LoadedObject key = storageKey(c, 1, true);
        byte[] seed = recoverSeed(key, secret, "IDENTITY", 2);
        byte[] plain = ProtectedStorage.unwrap(key.publicArea().nameAlg(), seed, key.publicArea().symmetric(),
                object.name(), blob, 1);
        try {
            TpmReader p = new TpmReader(plain, 0, plain.length);
            byte[] credential = p.tpm2b(HashAlgorithm.MAX_DIGEST);
            p.end();
            c.out().tpm2b(credential);
        } catch (TpmRcException e) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
    }

    /**
     * TPM2_Import: the optional outer wrap (seed from inSymSeed) and inner wrap (encryptionKey,
     * AES-CFB, integrity H_nameAlg(TPM2B_SENSITIVE || Name)) removed, the private area checked
     * against the public area and wrapped under the new parent.
     */
    static void importObject(Command c) {
        TpmReader r = c.in();
        byte[] encryptionKey = r.tpm2b(32);
        r.param(2);
        PublicArea pub = PublicCodec.read2b(r, false);
        r.param(3);
        byte[] duplicate = r.tpm2b(ObjectCommands.MAX_PRIVATE);
        r.param(4);
        byte[] inSymSeed = r.tpm2b(MAX_SECRET);
        r.param(5);
        io.jvtpm.engine.object.SymDef inner = PublicCodec.readSymDef(r);
        c.endParameters();
        LoadedObject parent = storageKey(c, 0, true);
        if (pub.has(io.jvtpm.engine.object.ObjectAttributes.FIXED_TPM)
                || pub.has(io.jvtpm.engine.object.ObjectAttributes.FIXED_PARENT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(2));
        }
        io.jvtpm.engine.object.ObjectFactory.checkAttributes(pub, parent.publicArea(), 2);
        byte[] name = LoadedObject.name(pub.nameAlg(), PublicCodec.encode(pub));
        byte[] plain = duplicate;
        if (inSymSeed.length != 0) {
            byte[] seed = recoverSeed(parent, inSymSeed, "DUPLICATE", 4);
            plain = ProtectedStorage.unwrap(parent.publicArea().nameAlg(), seed, parent.publicArea().symmetric(),
                    name, duplicate, 3);
        } else if (pub.has(io.jvtpm.engine.object.ObjectAttributes.ENCRYPTED_DUPLICATION)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(2));
        }
        if (!inner.isNull()) {
            if (encryptionKey.length * 8 != inner.keyBits()) {
                throw new TpmRcException(TpmRc.SIZE.param(1));
            }
            byte[] dec = io.jvtpm.engine.crypto.SymCipher.cfbZeroIv(false, encryptionKey, plain);
            TpmRcException integrity = new TpmRcException(TpmRc.INTEGRITY.param(3));
            try {
                TpmReader p = new TpmReader(dec, 0, dec.length);
                byte[] digest = p.tpm2b(HashAlgorithm.MAX_DIGEST);
                byte[] rest = java.util.Arrays.copyOfRange(dec, p.position(), dec.length);
                java.security.MessageDigest md = pub.nameAlg().newDigest();
                md.update(rest);
                if (!java.security.MessageDigest.isEqual(digest, md.digest(name))) {
                    throw integrity;
                }
                plain = rest;
            } catch (TpmRcException e) {
                throw integrity;
            }
        } else if (encryptionKey.length != 0) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        SensitiveArea s = ProtectedStorage.decodeSized(plain, 3);
        io.jvtpm.engine.object.ObjectFactory.checkBinding(pub, s, 2);
        c.out().tpm2b(ProtectedStorage.wrap(parent, name, s));
    }
}
