package io.jvtpm.engine.testing;

import java.math.BigInteger;
import java.util.Random;

/**
 * Fixed RSA key material for tests that load external keys (TPM 2.0 Library Part 2, 11.2.4.5
 * TPM2B_PRIVATE_KEY_RSA holds one prime): the same primes for the same seed in every run.
 */
public final class RsaPrimes {
    private RsaPrimes() {
    }

    /** Two distinct 512-bit primes whose product, a 1024-bit modulus, has its top bit set. */
    public static BigInteger[] of1024(long seed) {
        Random r = new Random(seed);
        while (true) {
            BigInteger p = BigInteger.probablePrime(512, r);
            BigInteger q = BigInteger.probablePrime(512, r);
            if (p.multiply(q).bitLength() == 1024 && !p.equals(q)) {
                return new BigInteger[] {p, q};
            }
        }
    }
}
