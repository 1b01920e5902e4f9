package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.EcCommits;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectFactory;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.Scheme;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Asymmetric primitives (TPM 2.0 Library Part 3, 14): RSA_Encrypt and RSA_Decrypt with RSAES
 * (PKCS #1 v1.5), OAEP with a label, or no padding; ECDH_KeyGen, ECDH_ZGen, ZGen_2Phase and
 * ECC_Parameters.
 */
final class AsymmetricCommands {

    private AsymmetricCommands() {
    }

    /** TPMT_RSA_DECRYPT. */
    private static Scheme readDecryptScheme(TpmReader r) {
        int alg = r.u16();
        if (alg == TpmAlgId.NULL.value()) {
            return Scheme.NULL;
        }
        if (alg == TpmAlgId.RSAES.value()) {
            return new Scheme(alg, null);
        }
        if (alg == TpmAlgId.OAEP.value()) {
            HashAlgorithm h = HashAlgorithm.fromId(r.u16());
            if (h == null) {
                throw r.fail(TpmRc.HASH);
            }
            return new Scheme(alg, h);
        }
        throw r.fail(TpmRc.SCHEME);
    }

    private static Scheme decryptScheme(LoadedObject key, Scheme requested) {
        Scheme own = key.publicArea().scheme();
        if (own.isNull()) {
            return requested;
        }
        if (own.alg() != TpmAlgId.RSAES.value() && own.alg() != TpmAlgId.OAEP.value()) {
            throw new TpmRcException(TpmRc.SCHEME.param(2));
        }
        if (!requested.isNull() && (requested.alg() != own.alg() || requested.hash() != own.hash())) {
            throw new TpmRcException(TpmRc.SCHEME.param(2));
        }
        return own;
    }

    private static LoadedObject rsaDecryptionKey(Command c) {
        LoadedObject key = ObjectSupport.object(c, 0);
        if (key.publicArea().type() != io.jvtpm.engine.object.ObjectType.RSA) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        if (key.has(ObjectAttributes.RESTRICTED) || !key.has(ObjectAttributes.DECRYPT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        return key;
    }

    private static byte[] readLabel(TpmReader r) {
        byte[] label = r.tpm2b(ObjectSupport.MAX_DATA);
        if (label.length > 0 && label[label.length - 1] != 0) {
            throw r.fail(TpmRc.VALUE);
        }
        return label;
    }

    private static Cipher cipher(Scheme s, byte[] label, int mode, java.security.Key k) throws GeneralSecurityException {
        if (s.isNull()) {
            Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
            c.init(mode, k);
            return c;
        }
        if (s.alg() == TpmAlgId.RSAES.value()) {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(mode, k);
            return c;
        }
        String md = s.hash() == HashAlgorithm.SHA1 ? "SHA-1" : s.hash() == HashAlgorithm.SHA256 ? "SHA-256"
                : s.hash() == HashAlgorithm.SHA384 ? "SHA-384" : "SHA-512";
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, k, new OAEPParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), new PSource.PSpecified(label)));
        return c;
    }

    /**
     * The parameters RSA_Encrypt and RSA_Decrypt share (message or ciphertext, inScheme, label)
     * and their key, read and checked in the order both commands answer errors.
     */
    private record RsaCall(byte[] data, Scheme requested, byte[] label, LoadedObject key) {
        static RsaCall read(Command c) {
            TpmReader r = c.in();
            byte[] data = r.tpm2b(PublicCodec.MAX_RSA_BYTES);
            r.param(2);
            Scheme requested = readDecryptScheme(r);
            r.param(3);
            byte[] label = readLabel(r);
            c.endParameters();
            return new RsaCall(data, requested, label, rsaDecryptionKey(c));
        }
    }

    static void rsaEncrypt(Command c) {
        RsaCall call = RsaCall.read(c);
        byte[] message = call.data();
        byte[] label = call.label();
        LoadedObject key = call.key();
        Scheme s = decryptScheme(key, call.requested());
        RSAPublicKey pk = (RSAPublicKey) key.keys().publicKey();
        int k = (pk.getModulus().bitLength() + 7) / 8;
        if (s.isNull()) {
            if (message.length > k || Numbers.of(message).compareTo(pk.getModulus()) >= 0) {
                throw new TpmRcException(TpmRc.VALUE.param(1));
            }
            message = Numbers.toBytes(Numbers.of(message), k);
        }
        try {
            byte[] out = cipher(s, label, Cipher.ENCRYPT_MODE, pk).doFinal(message);
            c.out().tpm2b(Numbers.toBytes(Numbers.of(out), k));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
    }

    static void rsaDecrypt(Command c) {
        RsaCall call = RsaCall.read(c);
        byte[] ct = call.data();
        byte[] label = call.label();
        LoadedObject key = call.key();
        if (key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        Scheme s = decryptScheme(key, call.requested());
        RSAPublicKey pk = (RSAPublicKey) key.keys().publicKey();
        int k = (pk.getModulus().bitLength() + 7) / 8;
        if (ct.length != k) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        if (Numbers.of(ct).compareTo(pk.getModulus()) >= 0) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        try {
            byte[] out = cipher(s, label, Cipher.DECRYPT_MODE, key.keys().privateKey()).doFinal(ct);
            if (s.isNull()) {
                out = Numbers.toBytes(Numbers.of(out), k);
            }
            c.out().tpm2b(out);
        } catch (GeneralSecurityException e) {
            throw new TpmRcException(TpmRc.VALUE.value());
        }
    }

    /** An unrestricted ECC decryption key (TPM_RC_KEY when not ECC, {@code attributes} otherwise). */
    private static EccCurve eccDecryptionKey(LoadedObject key, TpmRc attributes) {
        EccCurve curve = EccPoints.curveOf(key, 1);
        if (key.has(ObjectAttributes.RESTRICTED) || !key.has(ObjectAttributes.DECRYPT)) {
            throw new TpmRcException(attributes.handle(1));
        }
        return curve;
    }

    static void ecdhKeyGen(Command c) {
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        EccCurve curve = eccDecryptionKey(key, TpmRc.KEY);
        BigInteger d = curve.randomScalar(ObjectSupport.random(c.tpm()));
        BigInteger[] z = curve.multiply(Numbers.of(key.publicArea().unique()), Numbers.of(key.publicArea().uniqueY()), d);
        if (z == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        TpmWriter w = c.out();
        EccPoints.write(w, curve, z);
        EccPoints.write(w, curve, curve.multiplyBase(d));
    }

    static void ecdhZGen(Command c) {
        EccPoints.Point in = EccPoints.read(c.in());
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        EccCurve curve = eccDecryptionKey(key, TpmRc.ATTRIBUTES);
        BigInteger[] z = curve.multiply(in.x(), in.y(), EccPoints.privateScalar(key));
        if (z == null) {
            throw new TpmRcException(TpmRc.ECC_POINT.param(1));
        }
        EccPoints.write(c.out(), curve, z);
    }

    /**
     * TPM2_ZGen_2Phase (Part 3, 14.7) with TPM_ALG_ECDH, the full unified model C(2e, 2s) of SP
     * 800-56A: Z1 = [ds]QsB with the key's private scalar, Z2 = [re]QeB with the ephemeral r of
     * the commitment {@code counter} made by EC_Ephemeral, which is then used up. The reference's
     * order of checks: key type, attributes, scheme (the key's, or the command's when the key has
     * none), both points on the curve, the commitment (TPM_RC_VALUE).
     */
    static void zGen2Phase(Command c) {
        TpmReader r = c.in();
        EccPoints.Point qsB = EccPoints.read(r);
        r.param(2);
        EccPoints.Point qeB = EccPoints.read(r);
        r.param(3);
        int inScheme = r.u16();
        if (inScheme != TpmAlgId.ECDH.value() && inScheme != TpmAlgId.ECMQV.value()
                && inScheme != TpmAlgId.SM2.value()) {
            // TPMI_ECC_KEY_EXCHANGE without NULL
            throw r.fail(TpmRc.SCHEME);
        }
        r.param(4);
        int counter = r.u16();
        c.endParameters();
        LoadedObject key = ObjectSupport.object(c, 0);
        EccCurve curve = eccDecryptionKey(key, TpmRc.ATTRIBUTES);
        Scheme own = key.publicArea().scheme();
        if (!own.isNull() && own.alg() != inScheme) {
            throw new TpmRcException(TpmRc.SCHEME.param(3));
        }
        if (!qsB.onCurve(curve)) {
            throw new TpmRcException(TpmRc.ECC_POINT.param(1));
        }
        if (!qeB.onCurve(curve)) {
            throw new TpmRcException(TpmRc.ECC_POINT.param(2));
        }
        EcCommits commits = c.tpm().eccCommits();
        BigInteger re = commits.outstandingR(curve, null, counter);
        if (re == null) {
            throw new TpmRcException(TpmRc.VALUE.param(4));
        }
        if (inScheme != TpmAlgId.ECDH.value()) {
            // ECMQV and SM2 key exchange are not implemented (nor reported by GetCapability)
            throw new TpmRcException(TpmRc.SCHEME.param(3));
        }
        BigInteger[] z1 = EccPoints.result(curve.multiply(qsB.x(), qsB.y(), EccPoints.privateScalar(key)));
        BigInteger[] z2 = EccPoints.result(curve.multiply(qeB.x(), qeB.y(), re));
        commits.end(counter);
        EccPoints.write(c.out(), curve, z1);
        EccPoints.write(c.out(), curve, z2);
    }

    /**
     * TPM2_ECC_Parameters (Part 3, 14.9): TPMS_ALGORITHM_DETAIL_ECC of an implemented curve, p, a, b,
     * G and n at the curve's size and the cofactor in its minimal size; the KDF is
     * KDF1_SP800_56A with the curve's hash for the NIST curves, none for BN P256. An
     * unimplemented TPMI_ECC_CURVE fails its unmarshaling (Part 2, 11.2.5.5) with TPM_RC_CURVE.
     */
    static void eccParameters(Command c) {
        TpmReader r = c.in();
        int id = r.u16();
        EccCurve curve = EccCurve.fromId(id);
        if (curve == null) {
            throw r.fail(TpmRc.CURVE);
        }
        c.endParameters();
        HashAlgorithm kdfHash = switch (curve) {
            case NIST_P256 -> HashAlgorithm.SHA256;
            case NIST_P384 -> HashAlgorithm.SHA384;
            case NIST_P521 -> HashAlgorithm.SHA512;
            case BN_P256 -> null;
        };
        BigInteger[] g = curve.generator();
        TpmWriter w = c.out();
        w.u16(curve.id()).u16(curve.bits());
        if (kdfHash == null) {
            w.u16(TpmAlgId.NULL.value());
        } else {
            w.u16(TpmAlgId.KDF1_SP800_56A.value()).u16(kdfHash.id());
        }
        w.u16(TpmAlgId.NULL.value());
        for (BigInteger v : new BigInteger[] {curve.prime(), curve.a(), curve.b(), g[0], g[1], curve.order()}) {
            // a zero coefficient (a of BN P256) goes out as one zero byte, as libtpms writes it
            w.tpm2b(v.signum() == 0 ? new byte[1] : curve.pad(v));
        }
        BigInteger h = curve.cofactor();
        w.tpm2b(Numbers.toBytes(h, (h.bitLength() + 7) / 8));
    }
}
