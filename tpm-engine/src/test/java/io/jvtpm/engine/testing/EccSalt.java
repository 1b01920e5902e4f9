package io.jvtpm.engine.testing;

import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * A session salt sent to an ECC key (TPM 2.0 Library Part 1, C.6.1): an ephemeral P-256 key Qe,
 * Z = x(d_e * Q_s), salt = KDFe(SHA-256, Z, "SECRET", x(Qe), x(Qs), 256); the encrypted salt is
 * Qe as a TPMS_ECC_POINT. The caller's side of StartAuthSession with an ECC tpmKey, as Linux's
 * tpm2-sessions.c and tpm2-tss compute it.
 */
public record EccSalt(byte[] salt, byte[] encryptedSalt) {
    /** The salt for the P-256 key with public point (x, y); the ephemeral key is deterministic in {@code seed}. */
    public static EccSalt make(long seed, byte[] x, byte[] y) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair e = g.generateKeyPair();
            ECParameterSpec params = ((ECPublicKey) e.getPublic()).getParams();
            var peer = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), params));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(e.getPrivate());
            ka.doPhase(peer, true);
            byte[] z = ka.generateSecret();
            ECPoint q = ((ECPublicKey) e.getPublic()).getW();
            byte[] ex = fixed(q.getAffineX());
            byte[] salt = Kdf.kdfe(HashAlgorithm.SHA256, z, "SECRET", ex, x, 256);
            TpmWriter w = new TpmWriter(80);
            w.tpm2b(ex).tpm2b(fixed(q.getAffineY()));
            return new EccSalt(salt, w.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length == 32) {
            return b;
        }
        byte[] r = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, r, 32 - n, n);
        return Arrays.copyOf(r, 32);
    }
}
