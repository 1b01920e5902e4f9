package io.jvtpm.engine.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The ECC curves this TPM implements (TPM_ECC_CURVE, TPM 2.0 Library Part 2, 6.4; TCG Algorithm
 * Registry): their identifiers, sizes, JCA parameters and the point arithmetic (scalar
 * multiplication, on-curve checks) the JDK does not expose, from BouncyCastle.
 */
public enum EccCurve {
    NIST_P256(0x0003, "secp256r1", 256),
    NIST_P384(0x0004, "secp384r1", 384),
    NIST_P521(0x0005, "secp521r1", 521);

    private final int id;
    private final String jcaName;
    private final int bits;
    private volatile X9ECParameters bc;
    private volatile ECParameterSpec jca;

    EccCurve(int id, String jcaName, int bits) {
        this.id = id;
        this.jcaName = jcaName;
        this.bits = bits;
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
            p = CustomNamedCurves.getByName(jcaName);
            bc = p;
        }
        return p;
    }

    /** The JCA parameters (for ECPublicKeySpec/ECPrivateKeySpec). */
    public ECParameterSpec jcaParams() {
        ECParameterSpec p = jca;
        if (p == null) {
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
        ECPoint g = bc().getG().normalize();
        return new BigInteger[] {g.getAffineXCoord().toBigInteger(), g.getAffineYCoord().toBigInteger()};
    }

    /** The cofactor h. */
    public BigInteger cofactor() {
        return bc().getH();
    }

    /** The order n of the base point. */
    public BigInteger order() {
        return bc().getN();
    }

    /** d·G as affine coordinates {x, y}. */
    public BigInteger[] multiplyBase(BigInteger d) {
        ECPoint q = new FixedPointCombMultiplier().multiply(bc().getG(), d).normalize();
        return new BigInteger[] {q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()};
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
        if (q.isInfinity()) {
            return null;
        }
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
        org.bouncycastle.crypto.params.ECDomainParameters dom = new org.bouncycastle.crypto.params.ECDomainParameters(
                bc().getCurve(), bc().getG(), bc().getN(), bc().getH());
        org.bouncycastle.crypto.signers.ECDSASigner signer = new org.bouncycastle.crypto.signers.ECDSASigner();
        signer.init(true, new org.bouncycastle.crypto.params.ParametersWithRandom(
                new org.bouncycastle.crypto.params.ECPrivateKeyParameters(d, dom), new SourceRandom(random)));
        return signer.generateSignature(digest);
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
