package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.crypto.EcCommits;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;

/**
 * Signature schemes over a digest (TPM 2.0 Library Part 1, 11.4.7 and Part 2, 11.3 TPMT_SIGNATURE):
 * RSASSA-PKCS1-v1_5 and RSASSA-PSS (PKCS #1 v2.2, salt as long as the digest when signing, any
 * salt length accepted when verifying), the ECC schemes of {@link EccSignatures} (ECDSA, EC-Schnorr,
 * ECDAA) and HMAC. RSA uses the JCA;
 * the PKCS #1 encodings around the raw RSA operation are made here because the JCA only signs
 * whole messages.
 */
public final class Signatures {
    private static final byte[][] DIGEST_INFO = {
        hex("3021300906052b0e03021a05000414"),
        hex("3031300d060960864801650304020105000420"),
        hex("3041300d060960864801650304020205000430"),
        hex("3051300d060960864801650304020305000440"),
    };

    private Signatures() {
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /** The DER DigestInfo prefix of a hash (PKCS #1 v2.2, 9.2 note 1). */
    public static byte[] digestInfo(HashAlgorithm h) {
        return DIGEST_INFO[h.ordinal()];
    }

    /**
     * The scheme a signing command uses (CryptSelectSignScheme): the key's own scheme, or
     * {@code requested} when the key has none or names the same scheme and hash (an ECDAA
     * request brings its commit counter); a key's ECDAA scheme is never used without a request,
     * since it needs a counter. TPM_RC_SCHEME otherwise.
     */
    public static Scheme choose(PublicArea key, Scheme requested, int schemeParam) {
        Scheme own = key.scheme();
        Scheme chosen;
        if (own.isNull()) {
            chosen = requested;
        } else if (requested.isNull()) {
            chosen = own.isEcdaa() ? Scheme.NULL : own;
        } else {
            chosen = requested.alg() == own.alg() && requested.hash() == own.hash() ? requested : Scheme.NULL;
        }
        int alg = chosen.alg();
        boolean ok = switch (key.type()) {
            case RSA -> alg == TpmAlgId.RSASSA.value() || alg == TpmAlgId.RSAPSS.value();
            case ECC -> alg == TpmAlgId.ECDSA.value() || alg == TpmAlgId.ECDAA.value()
                    || alg == TpmAlgId.ECSCHNORR.value();
            case KEYEDHASH -> alg == TpmAlgId.HMAC.value();
            case SYMCIPHER -> false;
        };
        if (!ok || chosen.hash() == null) {
            throw new TpmRcException(TpmRc.SCHEME.param(schemeParam));
        }
        return chosen;
    }

    /** TPMT_SIG_SCHEME: sigAlg then its hash (TPM_ALG_NULL has none). */
    public static Scheme readSigScheme(TpmReader r) {
        int alg = r.u16();
        if (alg == TpmAlgId.NULL.value()) {
            return Scheme.NULL;
        }
        if (alg != TpmAlgId.RSASSA.value() && alg != TpmAlgId.RSAPSS.value() && !isEccSignature(alg)
                && alg != TpmAlgId.HMAC.value()) {
            throw r.fail(TpmRc.SCHEME);
        }
        HashAlgorithm h = HashAlgorithm.fromId(r.u16());
        if (h == null) {
            throw r.fail(TpmRc.HASH);
        }
        return alg == TpmAlgId.ECDAA.value() ? new Scheme(alg, h, r.u16()) : new Scheme(alg, h);
    }

    /** The TPMS_SIGNATURE_ECC schemes: ECDSA, ECDAA, EC-Schnorr. */
    private static boolean isEccSignature(int alg) {
        return alg == TpmAlgId.ECDSA.value() || alg == TpmAlgId.ECDAA.value() || alg == TpmAlgId.ECSCHNORR.value();
    }

    /**
     * Signs {@code digest} with {@code key} under {@code scheme} and writes the TPMT_SIGNATURE. An
     * ECDAA signature completes the commitment its scheme's count names in {@code commits}
     * (TPM_RC_VALUE when that commitment is not outstanding).
     */
    public static void sign(TpmWriter w, LoadedObject key, Scheme scheme, byte[] digest, RandomSource random,
            EcCommits commits) {
        HashAlgorithm h = scheme.hash();
        if (scheme.isEcdaa()) {
            EccSignatures.ecdaa(w, key, scheme, digest, random, commits);
            return;
        }
        w.u16(scheme.alg()).u16(h.id());
        try {
            switch (key.publicArea().type()) {
                case RSA -> {
                    RSAPrivateCrtKey sk = (RSAPrivateCrtKey) key.keys().privateKey();
                    int k = (sk.getModulus().bitLength() + 7) / 8;
                    byte[] em = scheme.alg() == TpmAlgId.RSASSA.value() ? pkcs1Encode(h, digest, k)
                            : pssEncode(h, digest, sk.getModulus().bitLength() - 1, random);
                    Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, sk);
                    w.tpm2b(Numbers.toBytes(Numbers.of(c.doFinal(em)), k));
                }
                case ECC -> EccSignatures.sign(w, key, scheme, digest, random);
                case KEYEDHASH -> w.bytes(Hmac.compute(h, key.sensitive().sensitive(), digest));
                case SYMCIPHER -> throw new TpmRcException(TpmRc.KEY.handle(1));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** A parsed TPMT_SIGNATURE. */
    public record Sig(int alg, HashAlgorithm hash, byte[] a, byte[] b) {
    }

    /** Reads a TPMT_SIGNATURE. */
    public static Sig readSignature(TpmReader r) {
        int alg = r.u16();
        if (alg == TpmAlgId.NULL.value()) {
            return new Sig(alg, null, new byte[0], new byte[0]);
        }
        HashAlgorithm h = HashAlgorithm.fromId(r.u16());
        if (h == null) {
            throw r.fail(TpmRc.HASH);
        }
        if (alg == TpmAlgId.RSASSA.value() || alg == TpmAlgId.RSAPSS.value()) {
            return new Sig(alg, h, r.tpm2b(PublicCodec.MAX_RSA_BYTES), new byte[0]);
        }
        if (isEccSignature(alg)) {
            return new Sig(alg, h, r.tpm2b(PublicCodec.MAX_ECC_BYTES), r.tpm2b(PublicCodec.MAX_ECC_BYTES));
        }
        if (alg == TpmAlgId.HMAC.value()) {
            return new Sig(alg, h, r.bytes(h.digestSize()), new byte[0]);
        }
        throw r.fail(TpmRc.SCHEME);
    }

    /**
     * True when {@code sig}'s algorithm is one a key of this type verifies (RSASSA/RSAPSS for RSA,
     * ECDSA/EC-Schnorr for ECC, HMAC for KEYEDHASH); otherwise the reference answers TPM_RC_SCHEME
     * rather than TPM_RC_SIGNATURE (an ECDAA signature included: only a DAA verifier checks it).
     */
    public static boolean verifiable(LoadedObject key, Sig sig) {
        int alg = sig.alg();
        return switch (key.publicArea().type()) {
            case RSA -> alg == TpmAlgId.RSASSA.value() || alg == TpmAlgId.RSAPSS.value();
            case ECC -> alg == TpmAlgId.ECDSA.value() || alg == TpmAlgId.ECSCHNORR.value();
            case KEYEDHASH -> alg == TpmAlgId.HMAC.value();
            case SYMCIPHER -> false;
        };
    }

    /** True when {@code sig} is a valid signature of {@code digest} by {@code key}. */
    public static boolean verify(LoadedObject key, Sig sig, byte[] digest) {
        try {
            switch (key.publicArea().type()) {
                case RSA -> {
                    if (sig.alg() != TpmAlgId.RSASSA.value() && sig.alg() != TpmAlgId.RSAPSS.value()) {
                        return false;
                    }
                    RSAPublicKey pk = (RSAPublicKey) key.keys().publicKey();
                    int k = (pk.getModulus().bitLength() + 7) / 8;
                    if (sig.a().length != k || Numbers.of(sig.a()).compareTo(pk.getModulus()) >= 0) {
                        return false;
                    }
                    Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, pk);
                    byte[] em = Numbers.toBytes(Numbers.of(c.doFinal(sig.a())), k);
                    if (sig.alg() == TpmAlgId.RSASSA.value()) {
                        return MessageDigest.isEqual(em, pkcs1Encode(sig.hash(), digest, k));
                    }
                    return pssVerify(sig.hash(), digest, em, pk.getModulus().bitLength() - 1);
                }
                case ECC -> {
                    return EccSignatures.verify(key, sig, digest);
                }
                case KEYEDHASH -> {
                    HashAlgorithm own = key.publicArea().scheme().hash();
                    return sig.alg() == TpmAlgId.HMAC.value() && key.sensitive() != null
                            && (own == null || own == sig.hash())
                            && MessageDigest.isEqual(sig.a(), Hmac.compute(sig.hash(), key.sensitive().sensitive(), digest));
                }
                default -> {
                    return false;
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** EMSA-PKCS1-v1_5 (PKCS #1 v2.2, 9.2) of a digest. */
    static byte[] pkcs1Encode(HashAlgorithm h, byte[] digest, int k) {
        byte[] info = digestInfo(h);
        int t = info.length + digest.length;
        if (k < t + 11) {
            throw new TpmRcException(TpmRc.SIZE.value());
        }
        byte[] em = new byte[k];
        em[1] = 1;
        for (int i = 2; i < k - t - 1; i++) {
            em[i] = (byte) 0xFF;
        }
        System.arraycopy(info, 0, em, k - t, info.length);
        System.arraycopy(digest, 0, em, k - digest.length, digest.length);
        return em;
    }

    /** EMSA-PSS-ENCODE (PKCS #1 v2.2, 9.1.1) with MGF1 and a salt of the digest's length. */
    static byte[] pssEncode(HashAlgorithm h, byte[] mHash, int emBits, RandomSource random) {
        int hLen = h.digestSize();
        int emLen = (emBits + 7) / 8;
        int sLen = Math.min(hLen, emLen - hLen - 2);
        byte[] salt = random.bytes(sLen);
        MessageDigest md = h.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        byte[] hh = md.digest(salt);
        byte[] db = new byte[emLen - hLen - 1];
        db[db.length - sLen - 1] = 1;
        System.arraycopy(salt, 0, db, db.length - sLen, sLen);
        byte[] mask = mgf1(h, hh, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(hh, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    /** EMSA-PSS-VERIFY (PKCS #1 v2.2, 9.1.2) with the salt length recovered from the encoding. */
    static boolean pssVerify(HashAlgorithm h, byte[] mHash, byte[] emFull, int emBits) {
        int hLen = h.digestSize();
        int emLen = (emBits + 7) / 8;
        byte[] em = emFull;
        if (emFull.length > emLen) {
            if (emFull[0] != 0) {
                return false;
            }
            em = java.util.Arrays.copyOfRange(emFull, emFull.length - emLen, emFull.length);
        }
        if (emLen < hLen + 2 || em[emLen - 1] != (byte) 0xBC) {
            return false;
        }
        byte[] db = java.util.Arrays.copyOfRange(em, 0, emLen - hLen - 1);
        byte[] hh = java.util.Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        int topMask = 0xFF >>> (8 * emLen - emBits);
        if ((db[0] & ~topMask & 0xFF) != 0) {
            return false;
        }
        byte[] mask = mgf1(h, hh, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) topMask;
        int i = 0;
        while (i < db.length && db[i] == 0) {
            i++;
        }
        if (i == db.length || db[i] != 1) {
            return false;
        }
        byte[] salt = java.util.Arrays.copyOfRange(db, i + 1, db.length);
        MessageDigest md = h.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        return MessageDigest.isEqual(hh, md.digest(salt));
    }

    /** MGF1 (PKCS #1 v2.2, B.2.1). */
    public static byte[] mgf1(HashAlgorithm h, byte[] seed, int len) {
        MessageDigest md = h.newDigest();
        byte[] out = new byte[len];
        int done = 0;
        for (int c = 0; done < len; c++) {
            md.update(seed);
            md.update(TpmWire.u32Bytes(c));
            byte[] d = md.digest();
            int n = Math.min(d.length, len - done);
            System.arraycopy(d, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
