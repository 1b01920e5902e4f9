package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.math.BigInteger;
import java.security.MessageDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * EC-Schnorr and ECDAA (Part 1, C.3-C.4) on every implemented curve: signatures verify, a changed
 * digest or s does not, ECDAA's s satisfies [s]G = [r]G + [H(nonceK || digest)]Q; and the commit
 * state: one r per commitment, used once, forgotten after 128 newer ones and at TPM Reset.
 */
class EcSchnorrTest {
    private static RandomSource seeded(long seed) {
        CtrDrbg drbg = new CtrDrbg(BigInteger.valueOf(seed).shiftLeft(300).toByteArray());
        return RandomSource.of(drbg);
    }

    @ParameterizedTest
    @EnumSource(EccCurve.class)
    void schnorrSignaturesVerify(EccCurve curve) throws Exception {
        RandomSource random = seeded(curve.ordinal() + 1);
        BigInteger d = curve.randomScalar(random);
        BigInteger[] q = curve.multiplyBase(d);
        for (HashAlgorithm h : new HashAlgorithm[] {HashAlgorithm.SHA256, HashAlgorithm.SHA512}) {
            byte[] digest = h.newDigest().digest("schnorr".getBytes());
            BigInteger[] rs = EcSchnorr.sign(curve, d, digest, h, random);
            assertTrue(EcSchnorr.verify(curve, q, digest, h, rs[0], rs[1]), curve + " " + h);
            byte[] other = digest.clone();
            other[0] ^= 1;
            assertFalse(EcSchnorr.verify(curve, q, other, h, rs[0], rs[1]));
            assertFalse(EcSchnorr.verify(curve, q, digest, h, rs[0], rs[1].add(BigInteger.ONE).mod(curve.order())));
            assertFalse(EcSchnorr.verify(curve, q, digest, h, rs[0], BigInteger.ZERO));
            assertFalse(EcSchnorr.verify(curve, q, digest, h, curve.order(), rs[1]));
            // ECDSA on the same curve, through BouncyCastle both ways
            BigInteger[] ecdsa = curve.ecdsaSign(d, digest, random);
            assertTrue(curve.ecdsaVerify(q, digest, ecdsa[0], ecdsa[1]));
            assertFalse(curve.ecdsaVerify(q, other, ecdsa[0], ecdsa[1]));
        }
    }

    @ParameterizedTest
    @EnumSource(EccCurve.class)
    void ecdaaMeetsItsCommitment(EccCurve curve) throws Exception {
        RandomSource random = seeded(40 + curve.ordinal());
        BigInteger d = curve.randomScalar(random);
        BigInteger r = curve.randomScalar(random);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("daa".getBytes());
        byte[] nonceK = Numbers.minimal(curve.randomScalar(random));
        BigInteger s = EcSchnorr.ecdaa(curve, d, r, nonceK, digest, HashAlgorithm.SHA256);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(nonceK);
        BigInteger t = Numbers.of(md.digest(digest)).mod(curve.order());
        BigInteger[] e = curve.multiplyBase(r);
        assertEquals(java.util.List.of(curve.multiplyBase(s)),
                java.util.List.of(curve.sumOfProducts(e, BigInteger.ONE, curve.multiplyBase(d), t)));
    }

    @Test
    void commitmentsAreUsedOnceWithinTheirWindow() {
        EcCommits commits = new EcCommits(seeded(7));
        EccCurve curve = EccCurve.BN_P256;
        byte[] name = {0, 11, 1, 2, 3};
        BigInteger r0 = commits.nextR(curve, name);
        assertEquals(0, commits.commit());
        BigInteger r1 = commits.nextR(curve, name);
        assertEquals(1, commits.commit());
        assertNotEquals(r0, r1);
        assertEquals(r0, commits.outstandingR(curve, name, 0));
        assertNotEquals(r0, commits.outstandingR(curve, new byte[] {9}, 0), "r depends on the key's Name");
        assertNull(commits.outstandingR(curve, name, 2), "never committed");
        commits.end(0);
        assertNull(commits.outstandingR(curve, name, 0), "used");
        assertEquals(r1, commits.outstandingR(curve, name, 1));
        for (int i = 2; i < EcCommits.SLOTS + 1; i++) {
            assertEquals(i, commits.commit());
        }
        // counter 129 shares commitment 1's slot: 1 is out of the window, 129 is not made yet
        assertNull(commits.outstandingR(curve, name, 129));
        assertEquals(EcCommits.SLOTS + 1, commits.commit());
        assertNull(commits.outstandingR(curve, name, 1));
        BigInteger r129 = commits.outstandingR(curve, name, 129);
        assertTrue(r129 != null && !r129.equals(r1));
        commits.reset();
        assertNull(commits.outstandingR(curve, name, 129));
        assertNotEquals(r0, commits.nextR(curve, name), "a new nonce after TPM Reset");
    }
}
