package io.jvtpm.engine.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.crypto.CancelSignal;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.crypto.SymCipher;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import io.jvtpm.engine.wire.TpmAlgId;

/**
 * Key generation from a random stream (TPM 2.0 Library Part 1, 11.4.10): the same stream gives
 * the same key, another stream another key, and the keys are sound (n = p·q with probable
 * primes of half the size, Q = d·G on the curve).
 */
class PrimaryDerivationTest {
    private static PublicArea rsa(int bits) {
        return new PublicArea(ObjectType.RSA, HashAlgorithm.SHA256, 0x00030072, new byte[0],
                new PublicParms.Rsa(new SymDef(true, 128, SymCipher.CFB), Scheme.NULL, bits, 0), new byte[0],
                new byte[0]);
    }

    @Test
    void rsaKeysFollowTheirRandomStream() {
        ObjectFactory.Created a = ObjectFactory.generate(rsa(1024), new byte[0], new byte[0],
                ProtectedStorageTest.drbg("seed A"), CancelSignal.NEVER);
        ObjectFactory.Created a2 = ObjectFactory.generate(rsa(1024), new byte[0], new byte[0],
                ProtectedStorageTest.drbg("seed A"), CancelSignal.NEVER);
        ObjectFactory.Created b = ObjectFactory.generate(rsa(1024), new byte[0], new byte[0],
                ProtectedStorageTest.drbg("seed B"), CancelSignal.NEVER);
        assertArrayEquals(a.pub().unique(), a2.pub().unique());
        assertArrayEquals(a.sensitive().sensitive(), a2.sensitive().sensitive());
        assertFalse(Arrays.equals(a.pub().unique(), b.pub().unique()));
        BigInteger n = Numbers.of(a.pub().unique());
        BigInteger p = Numbers.of(a.sensitive().sensitive());
        assertEquals(1024, n.bitLength());
        assertEquals(512, p.bitLength());
        assertEquals(BigInteger.ZERO, n.mod(p));
        assertTrue(p.isProbablePrime(64));
        assertTrue(n.divide(p).isProbablePrime(64));
        ObjectFactory.checkBinding(a.pub(), a.sensitive(), 2);
    }

    @Test
    void eccKeysFollowTheirRandomStreamAndLieOnTheCurve() {
        for (EccCurve c : EccCurve.values()) {
            PublicArea t = new PublicArea(ObjectType.ECC, HashAlgorithm.SHA256, 0x00040072, new byte[0],
                    new PublicParms.Ecc(SymDef.NULL, new Scheme(TpmAlgId.ECDSA.value(), HashAlgorithm.SHA256), c,
                            Scheme.NULL), new byte[0], new byte[0]);
            ObjectFactory.Created a = ObjectFactory.generate(t, new byte[0], new byte[0],
                    ProtectedStorageTest.drbg("ecc"), CancelSignal.NEVER);
            ObjectFactory.Created a2 = ObjectFactory.generate(t, new byte[0], new byte[0],
                    ProtectedStorageTest.drbg("ecc"), CancelSignal.NEVER);
            ObjectFactory.Created b = ObjectFactory.generate(t, new byte[0], new byte[0],
                    ProtectedStorageTest.drbg("ecc2"), CancelSignal.NEVER);
            assertArrayEquals(a.pub().unique(), a2.pub().unique(), c.name());
            assertFalse(Arrays.equals(a.pub().unique(), b.pub().unique()), c.name());
            assertEquals(c.bytes(), a.pub().unique().length);
            assertTrue(c.onCurve(Numbers.of(a.pub().unique()), Numbers.of(a.pub().uniqueY())), c.name());
            ObjectFactory.checkBinding(a.pub(), a.sensitive(), 2);
        }
    }
}
