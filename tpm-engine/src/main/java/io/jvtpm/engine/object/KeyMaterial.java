package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.RsaKeyGen;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * The JCA keys of an RSA or ECC object, built from the numbers in its public and sensitive
 * areas (TPM 2.0 Library Part 2, 11.2.4-11.2.5): the modulus and prime p give the CRT private
 * key; the point and the scalar give the EC keys (none for a curve the JDK lacks, BN P256, whose
 * operations all run on {@code EccCurve}). {@code privateKey} is null for public-only keys.
 */
public record KeyMaterial(PublicKey publicKey, PrivateKey privateKey) {

    /** The keys of an object; for KEYEDHASH/SYMCIPHER both are null. */
    public static KeyMaterial of(PublicArea pub, SensitiveArea sens) {
        try {
            if (pub.parms() instanceof PublicParms.Rsa rsa) {
                return rsa(pub, rsa, sens);
            } else if (pub.parms() instanceof PublicParms.Ecc ecc) {
                return ecc(pub, ecc, sens);
            } else {
                return new KeyMaterial(null, null);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key construction failed", e);
        }
    }

    /** The RSA public exponent of a template (0 means 65537). */
    public static BigInteger exponent(PublicParms.Rsa rsa) {
        return rsa.exponent() == 0 ? RsaKeyGen.DEFAULT_EXPONENT : BigInteger.valueOf(rsa.exponent() & 0xFFFFFFFFL);
    }

    private static KeyMaterial rsa(PublicArea pub, PublicParms.Rsa rsa, SensitiveArea sens)
            throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("RSA");
        BigInteger n = Numbers.of(pub.unique());
        BigInteger e = exponent(rsa);
        PublicKey pk = kf.generatePublic(new RSAPublicKeySpec(n, e));
        if (sens == null) {
            return new KeyMaterial(pk, null);
        }
        BigInteger p = Numbers.of(sens.sensitive());
        BigInteger q = n.divide(p);
        BigInteger pm1 = p.subtract(BigInteger.ONE);
        BigInteger qm1 = q.subtract(BigInteger.ONE);
        BigInteger lambda = pm1.divide(pm1.gcd(qm1)).multiply(qm1);
        BigInteger d = e.modInverse(lambda);
        PrivateKey sk = kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, d.mod(pm1), d.mod(qm1),
                q.modInverse(p)));
        return new KeyMaterial(pk, sk);
    }

    private static KeyMaterial ecc(PublicArea pub, PublicParms.Ecc ecc, SensitiveArea sens)
            throws GeneralSecurityException {
        EccCurve c = ecc.curve();
        if (!c.hasJca()) {
            return new KeyMaterial(null, null);
        }
        KeyFactory kf = KeyFactory.getInstance("EC");
        PublicKey pk = kf.generatePublic(new ECPublicKeySpec(
                new ECPoint(Numbers.of(pub.unique()), Numbers.of(pub.uniqueY())), c.jcaParams()));
        if (sens == null) {
            return new KeyMaterial(pk, null);
        }
        PrivateKey sk = kf.generatePrivate(new ECPrivateKeySpec(Numbers.of(sens.sensitive()), c.jcaParams()));
        return new KeyMaterial(pk, sk);
    }
}
