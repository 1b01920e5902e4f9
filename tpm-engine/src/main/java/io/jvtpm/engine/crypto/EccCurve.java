package io.jvtpm.engine.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The ECC curves this TPM implements (TPM_ECC_CURVE, TPM 2.0 Library Part 2, 6.4; TCG Algorithm
 * Registry): their identifiers, sizes, JCA parameters and the point arithmetic (scalar
 * multiplication, on-curve checks, ECDSA) the JDK does not expose, from BouncyCastle. The NIST
 * curves are BouncyCastle's named curves; BN P256 (the ECDAA curve of the PC Client profile,
 * y^2 = x^3 + 3 over a 256-bit prime, G = (1, 2)) is built from the registry's parameters and has
 * no JCA parameters.
 */
public enum EccCurve {
    NIST_P256(0x0003, "secp256r1", 256),
    NIST_P384(0x0004, "secp384r1", 384),
    NIST_P521(0x0005, "secp521r1", 521),
    BN_P256(0x0010, null, 256);

    private static final BigInteger BN_P256_P =
            new BigInteger("FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013", 16);
    private static final BigInteger BN_P256_N =
            new BigInteger("FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D", 16);

    private final int id;
    private final String jcaName;
    private final int bits;
    private volatile X9ECParameters bc;
    private volatile ECDomainParameters domain;
    private volatile ECParameterSpec jca;

    EccCurve(int id, String jcaName, int bits) {
        this.id = id;
        this.jcaName = jcaName;
        this.bits = bits;
    }

    /** True when the JDK knows the curve (its keys can be JCA keys). */
    public boolean hasJca() {
        return jcaName != null;
    }

    /** The TPM_ECC_CURVE value. */
    public int id() {
        return id;
    }

    public int bits() {
        return bits;
    }

    /** The size in bytes of a coordinate or scalar. */
    public int bytes() {
        return (bits + 7) / 8;
    }

    /** The implemented curve with this TPM_ECC_CURVE, or null. */
    public static EccCurve fromId(int id) {
        for (EccCurve c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    private X9ECParameters bc() {
        X9ECParameters p = bc;
        if (p == null) {
            if (jcaName != null) {
                p = CustomNamedCurves.getByName(jcaName);
            } else {
                ECCurve c = new ECCurve.Fp(BN_P256_P, BigInteger.ZERO, BigInteger.valueOf(3), BN_P256_N, BigInteger.ONE);
                p = new X9ECParameters(c, new org.bouncycastle.asn1.x9.X9ECPoint(
                        c.createPoint(BigInteger.ONE, BigInteger.TWO), false), BN_P256_N, BigInteger.ONE);
            }
            bc = p;
        }
        return p;
    }

    private ECDomainParameters domain() {
        ECDomainParameters d = domain;
        if (d == null) {
            d = new ECDomainParameters(bc().getCurve(), bc().getG(), bc().getN(), bc().getH());
            domain = d;
        }
        return d;
    }

    /** The JCA parameters (for ECPublicKeySpec/ECPrivateKeySpec); only for curves {@link #hasJca()}. */
    public ECParameterSpec jcaParams() {
        ECParameterSpec p = jca;
        if (p == null) {
            if (jcaName == null) {
                throw new IllegalStateException(this + " has no JCA parameters");
            }
            try {
                AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
                ap.init(new ECGenParameterSpec(jcaName));
                p = ap.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(jcaName + " unavailable", e);
            }
            jca = p;
        }
        return p;
    }

    /** The field prime p. */
    public BigInteger prime() {
        return bc().getCurve().getField().getCharacteristic();
    }

    /** The coefficient a of y^2 = x^3 + ax + b. */
    public BigInteger a() {
        return bc().getCurve().getA().toBigInteger();
    }

    /** The coefficient b of y^2 = x^3 + ax + b. */
    public BigInteger b() {
        return bc().getCurve().getB().toBigInteger();
    }

    /** The base point G as affine coordinates {x, y}. */
    public BigInteger[] generator() {
        return affine(bc().getG().normalize());
    }

    /** The cofactor h. */
    public BigInteger cofactor() {
        return bc().getH();
    }

    /** The order n of the base point. */
    public BigInteger order() {
        return bc().getN();
    }

    /** A random scalar in [1, n-1] (eight extra bytes drawn, so the bias is negligible). */
    public BigInteger randomScalar(RandomSource random) {
        BigInteger n = order();
        return Numbers.of(random.bytes(bytes() + 8)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    /** d·G as affine coordinates {x, y}. */
    public BigInteger[] multiplyBase(BigInteger d) {
        return affine(new FixedPointCombMultiplier().multiply(bc().getG(), d).normalize());
    }

    /**
     * d·(x, y) as affine coordinates, or null when (x, y) is not a point of the curve or the
     * product is the point at infinity.
     */
    public BigInteger[] multiply(BigInteger x, BigInteger y, BigInteger d) {
        ECPoint p = point(x, y);
        if (p == null) {
            return null;
        }
        ECPoint q = p.multiply(d).normalize();
        return q.isInfinity() ? null : affine(q);
    }

    /**
     * a·(x1, y1) + b·(x2, y2) as affine coordinates, or null when a point is not on the curve or the
     * sum is the point at infinity.
     */
    public BigInteger[] sumOfProducts(BigInteger[] p1, BigInteger a, BigInteger[] p2, BigInteger b) {
        ECPoint q1 = point(p1[0], p1[1]);
        ECPoint q2 = point(p2[0], p2[1]);
        if (q1 == null || q2 == null) {
            return null;
        }
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(q1, a, q2, b).normalize();
        return q.isInfinity() ? null : affine(q);
    }

    private static BigInteger[] affine(ECPoint q) {
        return new BigInteger[] {q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()};
    }

    /** True when (x, y) is a point of the curve (not infinity). */
    public boolean onCurve(BigInteger x, BigInteger y) {
        return point(x, y) != null;
    }

    private ECPoint point(BigInteger x, BigInteger y) {
        BigInteger p = bc().getCurve().getField().getCharacteristic();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return null;
        }
        try {
            ECPoint pt = bc().getCurve().createPoint(x, y);
            return pt.isValid() && !pt.isInfinity() ? pt : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An ECDSA signature {r, s} of {@code digest} (FIPS 186-4 6.4, the digest truncated to the
     * order's size) with private scalar {@code d} and per-signature secrets from {@code random};
     * BouncyCastle's signer, whose base-point multiplication uses precomputed tables.
     */
    public BigInteger[] ecdsaSign(BigInteger d, byte[] digest, RandomSource random) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, domain()), new SourceRandom(random)));
        return signer.generateSignature(digest);
    }

    /**
     * True when {r, s} is an ECDSA signature of {@code digest} (truncated to the order's size) by
     * the public point {@code q}, which must be on the curve; r and s must lie in [1, n-1].
     */
    public boolean ecdsaVerify(BigInteger[] q, byte[] digest, BigInteger r, BigInteger s) {
        ECPoint p = point(q[0], q[1]);
        if (p == null) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(p, domain()));
        return verifier.verifySignature(digest, r, s);
    }

    /** A SecureRandom that draws from a {@link RandomSource} (no provider lookup, no seeding). */
    private static final class SourceRandom extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;

        SourceRandom(RandomSource source) {
            super(new java.security.SecureRandomSpi() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void engineSetSeed(byte[] seed) {
                }

                @Override
                protected void engineNextBytes(byte[] bytes) {
                    source.fill(bytes, 0, bytes.length);
                }

                @Override
                protected byte[] engineGenerateSeed(int n) {
                    return source.bytes(n);
                }
            }, null);
        }
    }

    /** An unsigned big-endian integer padded to the curve size. */
    public byte[] pad(BigInteger v) {
        return Numbers.toBytes(v, bytes());
    }
}
