package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.EcCommits;
import io.jvtpm.engine.crypto.EcSchnorr;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;

/**
 * The ECC signatures of an ECC key (TPM 2.0 Library Part 2, 11.2.3 TPMS_SIGNATURE_ECC; Part 1,
 * C): ECDSA, EC-Schnorr and ECDAA signing, ECDSA and EC-Schnorr verification. r and s are written
 * at the order's byte size, except ECDAA's nonceK, which goes out as its minimal bytes as the
 * reference implementation hashes and returns it.
 */
final class EccSignatures {
    private EccSignatures() {
    }

    private static EccCurve curve(LoadedObject key) {
        return ((PublicParms.Ecc) key.publicArea().parms()).curve();
    }

    private static int orderBytes(EccCurve curve) {
        return (curve.order().bitLength() + 7) / 8;
    }

    /** The key's public point {x, y}. */
    private static BigInteger[] point(LoadedObject key) {
        return new BigInteger[] {Numbers.of(key.publicArea().unique()), Numbers.of(key.publicArea().uniqueY())};
    }

    /** Writes the ECDSA or EC-Schnorr TPMT_SIGNATURE after its sigAlg and hash. */
    static void sign(TpmWriter w, LoadedObject key, Scheme scheme, byte[] digest, RandomSource random) {
        EccCurve curve = curve(key);
        BigInteger d = Numbers.of(key.sensitive().sensitive());
        BigInteger[] rs = scheme.alg() == TpmAlgId.ECSCHNORR.value()
                ? EcSchnorr.sign(curve, d, digest, scheme.hash(), random)
                : curve.ecdsaSign(d, digest, random);
        int len = orderBytes(curve);
        w.tpm2b(Numbers.toBytes(rs[0], len)).tpm2b(Numbers.toBytes(rs[1], len));
    }

    /**
     * Writes a whole ECDAA TPMT_SIGNATURE completing the commitment {@code scheme.count()}: TPM_RC_VALUE
     * when it is not outstanding; the commitment is used up once the signature is made.
     */
    static void ecdaa(TpmWriter w, LoadedObject key, Scheme scheme, byte[] digest, RandomSource random,
            EcCommits commits) {
        EccCurve curve = curve(key);
        BigInteger r = commits == null ? null : commits.outstandingR(curve, key.name(), scheme.count());
        if (r == null) {
            throw new TpmRcException(TpmRc.VALUE.value());
        }
        BigInteger d = Numbers.of(key.sensitive().sensitive());
        HashAlgorithm h = scheme.hash();
        while (true) {
            byte[] nonceK = Numbers.minimal(curve.randomScalar(random));
            BigInteger s = EcSchnorr.ecdaa(curve, d, r, nonceK, digest, h);
            if (s != null) {
                commits.end(scheme.count());
                w.u16(scheme.alg()).u16(h.id()).tpm2b(nonceK).tpm2b(Numbers.toBytes(s, orderBytes(curve)));
                return;
            }
        }
    }

    /** True when an ECDSA or EC-Schnorr signature verifies (no other is verified by a TPM). */
    static boolean verify(LoadedObject key, Signatures.Sig sig, byte[] digest) {
        EccCurve curve = curve(key);
        BigInteger r = Numbers.of(sig.a());
        BigInteger s = Numbers.of(sig.b());
        if (sig.alg() == TpmAlgId.ECDSA.value()) {
            return curve.ecdsaVerify(point(key), digest, r, s);
        }
        if (sig.alg() == TpmAlgId.ECSCHNORR.value()) {
            return EcSchnorr.verify(curve, point(key), digest, sig.hash(), r, s);
        }
        return false;
    }
}
