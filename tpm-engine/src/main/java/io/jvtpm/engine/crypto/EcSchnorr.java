package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The Schnorr-type ECC signatures of a PC-client TPM (TPM 2.0 Library Part 1, C.3 and C.4; TCG
 * Algorithm Registry TPM_ALG_ECSCHNORR, TPM_ALG_ECDAA), computed as the reference implementation
 * does so that signatures verify on either TPM:
 * <ul>
 * <li>EC-Schnorr: k random, R = [k]G, r = H(R.x || digest) cut to the order's byte size,
 *     s = k + r·d (mod n); verified by recomputing R = [s]G - [r]Q.</li>
 * <li>ECDAA: r from the key's commitment, nonceK random, T = H(nonceK || digest),
 *     s = r + T·d (mod n); the signature is (nonceK, s) and only the DAA verifier checks it.</li>
 * </ul>
 */
public final class EcSchnorr {
    private EcSchnorr() {
    }

    /** An EC-Schnorr signature {r, s} of {@code digest} with private scalar {@code d}. */
    public static BigInteger[] sign(EccCurve curve, BigInteger d, byte[] digest, HashAlgorithm h, RandomSource random) {
        BigInteger n = curve.order();
        while (true) {
            BigInteger k = curve.randomScalar(random);
            BigInteger[] big = curve.multiplyBase(k);
            BigInteger r = challenge(curve, h, big[0], digest);
            BigInteger s = combine(k, r, d, n);
            if (s != null) {
                return new BigInteger[] {r, s};
            }
        }
    }

    /**
     * True when {r, s} is an EC-Schnorr signature of {@code digest} by the public point {@code q}
     * (on the curve); r and s must lie in [1, n-1].
     */
    public static boolean verify(EccCurve curve, BigInteger[] q, byte[] digest, HashAlgorithm h, BigInteger r,
            BigInteger s) {
        BigInteger n = curve.order();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger[] big = curve.sumOfProducts(curve.generator(), s, q, n.subtract(r));
        return big != null && challenge(curve, h, big[0], digest).equals(r);
    }

    /**
     * The s of an ECDAA signature with the commitment's {@code r} and the signer's {@code nonceK}
     * (as its minimal bytes), or null when this nonceK gives no signature (draw another).
     */
    public static BigInteger ecdaa(EccCurve curve, BigInteger d, BigInteger r, byte[] nonceK, byte[] digest,
            HashAlgorithm h) {
        MessageDigest md = h.newDigest();
        md.update(nonceK);
        BigInteger t = Numbers.of(md.digest(digest));
        return combine(r, t, d, curve.order());
    }

    /** H(x || digest), x at the order's byte size, the hash cut to that many bytes. */
    private static BigInteger challenge(EccCurve curve, HashAlgorithm h, BigInteger x, byte[] digest) {
        int len = (curve.order().bitLength() + 7) / 8;
        MessageDigest md = h.newDigest();
        md.update(Numbers.toBytes(x, len));
        byte[] e = md.digest(digest);
        return Numbers.of(e.length > len ? Arrays.copyOf(e, len) : e);
    }

    /** k + (e mod n)·d (mod n), or null when e mod n or the result is zero. */
    private static BigInteger combine(BigInteger k, BigInteger e, BigInteger d, BigInteger n) {
        BigInteger t = e.mod(n);
        if (t.signum() == 0) {
            return null;
        }
        BigInteger s = t.multiply(d).add(k).mod(n);
        return s.signum() == 0 ? null : s;
    }
}
