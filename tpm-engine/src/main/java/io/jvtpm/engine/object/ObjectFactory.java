package io.jvtpm.engine.object;

import static io.jvtpm.engine.object.ObjectAttributes.DECRYPT;
import static io.jvtpm.engine.object.ObjectAttributes.SENSITIVE_DATA_ORIGIN;
import static io.jvtpm.engine.object.ObjectAttributes.SIGN;

import io.jvtpm.engine.crypto.CancelSignal;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.OrderedSearch;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.crypto.RsaKeyGen;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmRcException;
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
     * object, against its parent's attributes ({@code parent} null for a primary object), in the
     * reference's order: the template ({@link PublicChecks#create}), then the size of userAuth
     * (TPM_RC_SIZE for the sensitive parameter), then the data the key generation takes
     * (TPM_RC_SIZE or TPM_RC_KEY_SIZE, which the reference returns without a parameter number).
     */
    public static void checkTemplate(PublicArea t, PublicArea parent, byte[] userAuth, byte[] data, Params p) {
        PublicChecks.create(t, parent, data.length, p.template());
        if (userAuth.length > t.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(p.sensitive()));
        }
        if (t.has(SENSITIVE_DATA_ORIGIN) || data.length == 0) {
            return;
        }
        if (t.parms() instanceof PublicParms.KeyedHash kh && (t.has(SIGN) || t.has(DECRYPT))) {
            HashAlgorithm h = kh.scheme().hash() != null ? kh.scheme().hash() : t.nameAlg();
            if (data.length > h.blockSize()) {
                throw new TpmRcException(TpmRc.SIZE.value());
            }
        } else if (t.parms() instanceof PublicParms.SymCipher sc && data.length * 8 != sc.sym().keyBits()) {
            throw new TpmRcException(TpmRc.KEY_SIZE.value());
        }
    }

    /** The attribute and scheme rules every loaded object satisfies (Part 1, 27.2; Part 3, 12.2). */
    public static void checkAttributes(PublicArea t, PublicArea parent, int tp) {
        PublicChecks.validateAttributes(t, parent, tp);
    }

    /** A new object: the template with its unique field filled, and the sensitive area. */
    public record Created(PublicArea pub, SensitiveArea sensitive) {
    }

    /**
     * Generates the object of a checked template from {@code random}. An RSA exponent other than 0
     * or a prime of at least 65537 is TPM_RC_RANGE (CryptRsaGenerateKey); the prime search ends
     * with TPM_RC_CANCELED when {@code cancel} is raised and TPM_RC_NO_RESULT when it finds none.
     */
    public static Created generate(PublicArea t, byte[] userAuth, byte[] sensitiveData, RandomSource random,
            CancelSignal cancel) {
        HashAlgorithm nameAlg = t.nameAlg();
        byte[] data = t.has(SENSITIVE_DATA_ORIGIN) ? new byte[0] : sensitiveData;
        BigInteger exponent = t.parms() instanceof PublicParms.Rsa r ? RsaKeyGen.checkExponent(r.exponent()) : null;
        byte[] seed = t.isStorageParent() ? random.bytes(nameAlg.digestSize()) : new byte[0];
        if (t.parms() instanceof PublicParms.Rsa rsa) {
            BigInteger[] pq = RsaKeyGen.primes(rsa.keyBits(), exponent, random, OrderedSearch.DEFAULT_THREADS, cancel);
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
            KeyValidation.checkExponent(rsa, pubParam);
            KeyValidation.checkPrivateExponent(pub, rsa, s);
        } else if (pub.parms() instanceof PublicParms.Ecc ecc) {
            EccCurve c = ecc.curve();
            BigInteger d = Numbers.of(s.sensitive());
            if (d.signum() <= 0 || d.compareTo(c.order()) >= 0) {
                throw new TpmRcException(TpmRc.BINDING.value());
            }
            if (!KeyValidation.isPublicPointOf(c, d, pub)) {
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

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
