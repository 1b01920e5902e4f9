package io.jvtpm.engine.object;

import static io.jvtpm.engine.object.ObjectAttributes.DECRYPT;
import static io.jvtpm.engine.object.ObjectAttributes.FIXED_PARENT;
import static io.jvtpm.engine.object.ObjectAttributes.FIXED_TPM;
import static io.jvtpm.engine.object.ObjectAttributes.RESTRICTED;
import static io.jvtpm.engine.object.ObjectAttributes.SENSITIVE_DATA_ORIGIN;
import static io.jvtpm.engine.object.ObjectAttributes.SIGN;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.crypto.RsaKeyGen;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Object creation (TPM 2.0 Library Part 3, 12.1 Create and 24.1 CreatePrimary; Part 1, 27
 * "Object Attributes" and 11.4.10 key generation): the consistency checks of a template against
 * its attributes, schemes and sensitive data, the generation of the key or data from a random
 * source, and the public/private binding checks of TPM2_Load.
 */
public final class ObjectFactory {

    private ObjectFactory() {
    }

    /** The parameter numbers errors refer to. */
    public record Params(int sensitive, int template) {
    }

    /**
     * Checks a creation template and its sensitive data against each other and, for an ordinary
     * object, against its parent's attributes ({@code parent} null for a primary object).
     */
    public static void checkTemplate(PublicArea t, PublicArea parent, byte[] userAuth, byte[] data, Params p) {
        int tp = p.template();
        if (t.nameAlg() == null) {
            throw new TpmRcException(TpmRc.HASH.param(tp));
        }
        if (userAuth.length > t.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(p.sensitive()));
        }
        checkAttributes(t, parent, tp);
        boolean origin = t.has(SENSITIVE_DATA_ORIGIN);
        switch (t.type()) {
            case RSA, ECC -> {
                if (data.length != 0) {
                    throw new TpmRcException(TpmRc.SIZE.param(p.sensitive()));
                }
                if (!origin) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
                }
            }
            case KEYEDHASH -> {
                if (data.length != 0 && origin) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
                }
                if (data.length == 0 && !origin) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
                }
                if (data.length > PublicCodec.MAX_SYM_DATA) {
                    throw new TpmRcException(TpmRc.SIZE.param(p.sensitive()));
                }
            }
            case SYMCIPHER -> {
                if (data.length != 0) {
                    if (origin) {
                        throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
                    }
                    if (data.length * 8 != t.symmetric().keyBits()) {
                        throw new TpmRcException(TpmRc.KEY_SIZE.param(p.sensitive()));
                    }
                } else if (!origin) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
                }
            }
        }
    }

    /** The attribute and scheme rules every loaded object satisfies (Part 1, 27.2; Part 3, 12.1). */
    public static void checkAttributes(PublicArea t, PublicArea parent, int tp) {
        checkCommonAttributes(t, parent, tp);
        switch (t.type()) {
            case KEYEDHASH -> checkKeyedHash(t, tp);
            case SYMCIPHER -> checkSymCipher(t, tp);
            case RSA, ECC -> checkAsymmetric(t, tp);
        }
    }

    /** Policy size, fixedTPM/fixedParent and restricted sign-xor-decrypt, for every type. */
    private static void checkCommonAttributes(PublicArea t, PublicArea parent, int tp) {
        if (t.authPolicy().length != 0 && t.nameAlg() != null
                && t.authPolicy().length != t.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(tp));
        }
        if (t.has(FIXED_TPM) && !t.has(FIXED_PARENT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
        }
        if (parent != null && t.has(FIXED_PARENT) && t.has(FIXED_TPM) != parent.has(FIXED_TPM)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
        }
        if (t.has(RESTRICTED) && t.has(SIGN) == t.has(DECRYPT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
        }
    }

    /** A keyed hash is not both sign and decrypt; its scheme is HMAC for sign, XOR for decrypt, else NULL. */
    private static void checkKeyedHash(PublicArea t, int tp) {
        boolean restricted = t.has(RESTRICTED);
        boolean sign = t.has(SIGN);
        boolean decrypt = t.has(DECRYPT);
        if (sign && decrypt) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
        }
        Scheme scheme = t.scheme();
        int alg = scheme.alg();
        boolean ok = sign ? alg == TpmAlgId.HMAC.value() || (!restricted && scheme.isNull())
                : decrypt ? alg == TpmAlgId.XOR.value() || scheme.isNull()
                : scheme.isNull();
        if (!ok) {
            throw new TpmRcException(TpmRc.SCHEME.param(tp));
        }
    }

    /** A restricted symmetric key decrypts only, in CFB mode. */
    private static void checkSymCipher(PublicArea t, int tp) {
        boolean restricted = t.has(RESTRICTED);
        if (restricted && t.has(SIGN)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.param(tp));
        }
        if (restricted && t.symmetric().mode() != SymCipher.CFB) {
            throw new TpmRcException(TpmRc.MODE.param(tp));
        }
    }

    /** RSA and ECC: the symmetric definition of a storage key, then the signing or decryption scheme. */
    private static void checkAsymmetric(PublicArea t, int tp) {
        boolean restricted = t.has(RESTRICTED);
        boolean sign = t.has(SIGN);
        boolean decrypt = t.has(DECRYPT);
        if (restricted && decrypt) {
            checkStorageKey(t, tp);
        } else if (!t.symmetric().isNull()) {
            throw new TpmRcException(TpmRc.SYMMETRIC.param(tp));
        }
        Scheme scheme = t.scheme();
        if (!scheme.isNull()) {
            boolean signScheme = scheme.alg() == TpmAlgId.RSASSA.value() || scheme.alg() == TpmAlgId.RSAPSS.value()
                    || scheme.alg() == TpmAlgId.ECDSA.value();
            if (sign && decrypt) {
                throw new TpmRcException(TpmRc.SCHEME.param(tp));
            }
            if (sign != signScheme || (!sign && !decrypt)) {
                throw new TpmRcException(TpmRc.SCHEME.param(tp));
            }
        } else if (restricted && sign) {
            throw new TpmRcException(TpmRc.SCHEME.param(tp));
        }
    }

    /** A restricted decryption (storage) key: a CFB symmetric definition, NULL scheme and, for ECC, NULL KDF. */
    private static void checkStorageKey(PublicArea t, int tp) {
        SymDef sym = t.symmetric();
        if (sym.isNull()) {
            throw new TpmRcException(TpmRc.SYMMETRIC.param(tp));
        }
        if (sym.mode() != SymCipher.CFB) {
            throw new TpmRcException(TpmRc.MODE.param(tp));
        }
        if (!t.scheme().isNull()) {
            throw new TpmRcException(TpmRc.SCHEME.param(tp));
        }
        if (t.parms() instanceof PublicParms.Ecc e && !e.kdf().isNull()) {
            throw new TpmRcException(TpmRc.KDF.param(tp));
        }
    }

    /** A new object: the template with its unique field filled, and the sensitive area. */
    public record Created(PublicArea pub, SensitiveArea sensitive) {
    }

    /** Generates the object of a checked template from {@code random}. */
    public static Created generate(PublicArea t, byte[] userAuth, byte[] data, RandomSource random) {
        HashAlgorithm nameAlg = t.nameAlg();
        byte[] seed = t.isStorageParent() ? random.bytes(nameAlg.digestSize()) : new byte[0];
        if (t.parms() instanceof PublicParms.Rsa rsa) {
            BigInteger[] pq = RsaKeyGen.primes(rsa.keyBits(), KeyMaterial.exponent(rsa), random);
            BigInteger n = pq[0].multiply(pq[1]);
            int len = rsa.keyBits() / 8;
            return new Created(t.withUnique(Numbers.toBytes(n, len), new byte[0]),
                    new SensitiveArea(t.type(), userAuth, seed, Numbers.toBytes(pq[0], len / 2)));
        } else if (t.parms() instanceof PublicParms.Ecc ecc) {
            EccCurve c = ecc.curve();
            BigInteger n = c.order();
            BigInteger raw = Numbers.of(random.bytes(c.bytes() + 8));
            BigInteger d = raw.mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            BigInteger[] q = c.multiplyBase(d);
            return new Created(t.withUnique(c.pad(q[0]), c.pad(q[1])),
                    new SensitiveArea(t.type(), userAuth, seed, c.pad(d)));
        } else if (t.parms() instanceof PublicParms.KeyedHash kh) {
            byte[] obfuscation = random.bytes(nameAlg.digestSize());
            byte[] secret = data.length != 0 ? data
                    : random.bytes(kh.scheme().hash() != null ? kh.scheme().hash().digestSize()
                            : nameAlg.digestSize());
            return new Created(t.withUnique(uniqueDigest(nameAlg, obfuscation, secret), new byte[0]),
                    new SensitiveArea(t.type(), userAuth, obfuscation, secret));
        } else if (t.parms() instanceof PublicParms.SymCipher sc) {
            byte[] obfuscation = random.bytes(nameAlg.digestSize());
            byte[] key = data.length != 0 ? data : random.bytes(sc.sym().keyBits() / 8);
            return new Created(t.withUnique(uniqueDigest(nameAlg, obfuscation, key), new byte[0]),
                    new SensitiveArea(t.type(), userAuth, obfuscation, key));
        }
        throw new IllegalStateException("unknown parameters");
    }

    /** unique of a KEYEDHASH/SYMCIPHER object: H_nameAlg(seedValue || sensitive). */
    public static byte[] uniqueDigest(HashAlgorithm nameAlg, byte[] seed, byte[] secret) {
        MessageDigest md = nameAlg.newDigest();
        md.update(seed);
        return md.digest(secret);
    }

    /**
     * The checks TPM2_Load makes on a public area and the sensitive area it decrypted
     * (Part 1, 27.5): the same type (TPM_RC_TYPE), sizes (TPM_RC_SIZE/KEY_SIZE), and the
     * cryptographic binding (TPM_RC_BINDING) — p divides n, d·G is the public point,
     * H(seedValue || sensitive) is unique. {@code pubParam} numbers the public area.
     */
    public static void checkBinding(PublicArea pub, SensitiveArea s, int pubParam) {
        if (s.type() != pub.type()) {
            throw new TpmRcException(TpmRc.TYPE.param(pubParam));
        }
        if (pub.nameAlg() != null && s.authValue().length > pub.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.value());
        }
        if (pub.isStorageParent() && pub.nameAlg() != null && s.seedValue().length != pub.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.value());
        }
        if (pub.parms() instanceof PublicParms.Rsa rsa) {
            if (pub.unique().length != rsa.keyBits() / 8) {
                throw new TpmRcException(TpmRc.KEY.param(pubParam));
            }
            BigInteger n = Numbers.of(pub.unique());
            BigInteger p = Numbers.of(s.sensitive());
            if (s.sensitive().length != rsa.keyBits() / 16 || p.compareTo(BigInteger.ONE) <= 0
                    || n.mod(p).signum() != 0 || n.equals(p)) {
                throw new TpmRcException(TpmRc.BINDING.value());
            }
        } else if (pub.parms() instanceof PublicParms.Ecc ecc) {
            EccCurve c = ecc.curve();
            BigInteger d = Numbers.of(s.sensitive());
            if (d.signum() <= 0 || d.compareTo(c.order()) >= 0) {
                throw new TpmRcException(TpmRc.BINDING.value());
            }
            BigInteger[] q = c.multiplyBase(d);
            if (!q[0].equals(Numbers.of(pub.unique())) || !q[1].equals(Numbers.of(pub.uniqueY()))) {
                throw new TpmRcException(TpmRc.BINDING.value());
            }
        } else if (pub.parms() instanceof PublicParms.KeyedHash kh) {
            checkDigestBinding(pub, s);
        } else if (pub.parms() instanceof PublicParms.SymCipher sc) {
            if (s.sensitive().length * 8 != sc.sym().keyBits()) {
                throw new TpmRcException(TpmRc.KEY_SIZE.value());
            }
            checkDigestBinding(pub, s);
        }
    }

    private static void checkDigestBinding(PublicArea pub, SensitiveArea s) {
        if (pub.nameAlg() == null
                || !MessageDigest.isEqual(uniqueDigest(pub.nameAlg(), s.seedValue(), s.sensitive()), pub.unique())) {
            throw new TpmRcException(TpmRc.BINDING.value());
        }
    }

    /** The checks on a public key loaded alone (LoadExternal) or used by VerifySignature. */
    public static void checkPublicKey(PublicArea pub, int pubParam) {
        if (pub.parms() instanceof PublicParms.Rsa rsa) {
            if (pub.unique().length != rsa.keyBits() / 8 || (pub.unique()[0] & 0x80) == 0) {
                throw new TpmRcException(TpmRc.KEY.param(pubParam));
            }
        } else if (pub.parms() instanceof PublicParms.Ecc ecc) {
            if (!ecc.curve().onCurve(Numbers.of(pub.unique()), Numbers.of(pub.uniqueY()))) {
                throw new TpmRcException(TpmRc.ECC_POINT.param(pubParam));
            }
        } else {
            if (pub.unique().length == 0 && pub.nameAlg() != null) {
                throw new TpmRcException(TpmRc.KEY.param(pubParam));
            }
        }
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
