package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * The key checks of an object whose key material comes from outside (TPM 2.0 Library Part 3,
 * 12.3 TPM2_LoadExternal; Part 1, 27.5), as the reference's CryptValidateKeys and
 * CryptRsaLoadPrivateExponent make them and libtpms answers: sizes of the public and private
 * parts, the RSA public exponent (nonzero and below 7: TPM_RC_VALUE), the ECC point, the binding
 * of a symmetric object, and for an RSA private key an exponent that has an inverse
 * (TPM_RC_BINDING otherwise). After them every operation of the key is defined.
 */
public final class KeyValidation {
    /** The smallest RSA exponent an external key may have besides 0 (CryptValidateKeys). */
    private static final long MIN_EXTERNAL_EXPONENT = 7;
    /** The largest data object (MAX_SYM_DATA), the limit of a keyed hash without a scheme. */
    private static final int MAX_DATA = 128;

    private KeyValidation() {
    }

    /**
     * Validates {@code pub} and, when not null, {@code sens}; public-area errors name parameter
     * {@code pubParam}, sensitive-area errors {@code sensParam}. An RSA private key also needs an
     * exponent invertible modulo p-1 and q-1.
     */
    public static void validate(PublicArea pub, SensitiveArea sens, int pubParam, int sensParam) {
        HashAlgorithm nameAlg = pub.nameAlg();
        int digestSize = nameAlg == null ? 0 : nameAlg.digestSize();
        if (sens != null) {
            if (sens.type() != pub.type()) {
                throw new TpmRcException(TpmRc.TYPE.param(sensParam));
            }
            if (digestSize > 0 && sens.authValue().length > digestSize) {
                throw new TpmRcException(TpmRc.SIZE.param(sensParam));
            }
        }
        if (pub.parms() instanceof PublicParms.Rsa rsa) {
            rsa(pub, rsa, sens, pubParam, sensParam);
        } else if (pub.parms() instanceof PublicParms.Ecc ecc) {
            ecc(pub, ecc.curve(), sens, pubParam);
        } else {
            symmetric(pub, sens, digestSize, pubParam, sensParam);
        }
        if (pub.has(ObjectAttributes.RESTRICTED) && pub.has(ObjectAttributes.DECRYPT) && sens != null
                && nameAlg != null
                && (sens.seedValue().length < digestSize / 2 || sens.seedValue().length > digestSize)) {
            throw new TpmRcException(TpmRc.SIZE.param(sensParam));
        }
        if (pub.parms() instanceof PublicParms.Rsa rsa && sens != null) {
            checkPrivateExponent(pub, rsa, sens);
        }
    }

    private static void rsa(PublicArea pub, PublicParms.Rsa rsa, SensitiveArea sens, int pubParam, int sensParam) {
        int keyBytes = rsa.keyBits() / 8;
        byte[] n = pub.unique();
        if (n.length != keyBytes || (n[0] & 0x80) == 0) {
            throw new TpmRcException(TpmRc.KEY.param(pubParam));
        }
        checkExponent(rsa, pubParam);
        if (sens != null) {
            byte[] p = sens.sensitive();
            if (p.length * 2 != keyBytes || (p[0] & 0x80) == 0) {
                throw new TpmRcException(TpmRc.KEY_SIZE.param(sensParam));
            }
        }
    }

    /** An RSA exponent of a key from outside: 0 (65537) or at least 7, else TPM_RC_VALUE. */
    public static void checkExponent(PublicParms.Rsa rsa, int pubParam) {
        long e = rsa.exponent() & 0xFFFFFFFFL;
        if (e != 0 && e < MIN_EXTERNAL_EXPONENT) {
            throw new TpmRcException(TpmRc.VALUE.param(pubParam));
        }
    }

    /**
     * The private exponent exists (CryptRsaLoadPrivateExponent): p divides n and e is invertible
     * modulo p-1 and q-1, and q modulo p; else TPM_RC_BINDING.
     */
    public static void checkPrivateExponent(PublicArea pub, PublicParms.Rsa rsa, SensitiveArea sens) {
        BigInteger n = Numbers.of(pub.unique());
        BigInteger p = Numbers.of(sens.sensitive());
        if (p.compareTo(BigInteger.ONE) <= 0) {
            throw new TpmRcException(TpmRc.BINDING.value());
        }
        BigInteger[] qr = n.divideAndRemainder(p);
        BigInteger q = qr[0];
        BigInteger e = KeyMaterial.exponent(rsa);
        if (qr[1].signum() != 0 || q.compareTo(BigInteger.ONE) <= 0
                || !e.gcd(p.subtract(BigInteger.ONE)).equals(BigInteger.ONE)
                || !e.gcd(q.subtract(BigInteger.ONE)).equals(BigInteger.ONE)
                || !q.gcd(p).equals(BigInteger.ONE)) {
            throw new TpmRcException(TpmRc.BINDING.value());
        }
    }

    /**
     * ECC: a public-only point of the curve's size and on the curve (TPM_RC_KEY, TPM_RC_ECC_POINT;
     * the reference skips the curve check without a name algorithm, this TPM never does, so no
     * operation meets a point off the curve), or a private scalar in [1, n-1] that gives the point.
     */
    private static void ecc(PublicArea pub, EccCurve curve, SensitiveArea sens, int pubParam) {
        if (sens == null) {
            if (pub.unique().length != curve.bytes() || pub.uniqueY().length != curve.bytes()) {
                throw new TpmRcException(TpmRc.KEY.param(pubParam));
            }
            if (!curve.onCurve(Numbers.of(pub.unique()), Numbers.of(pub.uniqueY()))) {
                throw new TpmRcException(TpmRc.ECC_POINT.param(pubParam));
            }
            return;
        }
        BigInteger d = Numbers.of(sens.sensitive());
        if (d.signum() <= 0 || d.compareTo(curve.order()) >= 0) {
            throw new TpmRcException(TpmRc.KEY_SIZE.value());
        }
        if (!isPublicPointOf(curve, d, pub)) {
            throw new TpmRcException(TpmRc.BINDING.value());
        }
    }

    /** True when the public area's point (unique x, y) is d·G on {@code curve}: the key pair binds. */
    static boolean isPublicPointOf(EccCurve curve, BigInteger d, PublicArea pub) {
        BigInteger[] q = curve.multiplyBase(d);
        return q[0].equals(Numbers.of(pub.unique())) && q[1].equals(Numbers.of(pub.uniqueY()));
    }

    /** KEYEDHASH and SYMCIPHER: the unique digest's size, the key's size, the binding. */
    private static void symmetric(PublicArea pub, SensitiveArea sens, int digestSize, int pubParam, int sensParam) {
        if (sens == null) {
            if (pub.unique().length != digestSize) {
                throw new TpmRcException(TpmRc.KEY.param(pubParam));
            }
            return;
        }
        if (pub.parms() instanceof PublicParms.SymCipher sc) {
            if (sens.sensitive().length * 8 != sc.sym().keyBits()) {
                throw new TpmRcException(TpmRc.KEY_SIZE.param(sensParam));
            }
        } else if (pub.parms() instanceof PublicParms.KeyedHash kh) {
            Scheme scheme = kh.scheme();
            if (!scheme.isNull() && scheme.hash() == null) {
                throw new TpmRcException(TpmRc.SCHEME.param(pubParam));
            }
            int max = scheme.isNull() ? MAX_DATA : scheme.hash().blockSize();
            if (sens.sensitive().length > max) {
                throw new TpmRcException(TpmRc.KEY_SIZE.param(sensParam));
            }
        }
        if (pub.nameAlg() != null) {
            if (sens.seedValue().length != digestSize) {
                throw new TpmRcException(TpmRc.KEY_SIZE.param(sensParam));
            }
            MessageDigest md = pub.nameAlg().newDigest();
            md.update(sens.seedValue());
            if (!MessageDigest.isEqual(md.digest(sens.sensitive()), pub.unique())) {
                throw new TpmRcException(TpmRc.BINDING.value());
            }
        }
    }
}
