package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The RSA prime search of {@link RsaKeyGen} (TPM 2.0 Library Part 1, 11.4.10; FIPS 186-4 B.3.3):
 * the window sieve marks exactly the candidates with an odd prime factor below 2^17 (checked by a
 * gcd with the product of those primes), and the primes of a key are prime, of half the modulus
 * size, far apart and a deterministic function of the random stream — the same function in every
 * release (golden/rsa-primes.txt; -Dgolden.update=true rewrites it after an intended change, which
 * changes every RSA primary key, EKs and SRKs included). The exponent a template may ask for is
 * 0 or a prime of at least 65537 (the reference's CryptRsaGenerateKey), and the search is bounded
 * and stops when the cancel line is raised.
 */
class RsaKeyGenTest {
    private static final BigInteger SMALL_PRODUCT = smallProduct();

    private static BigInteger smallProduct() {
        BigInteger product = BigInteger.ONE;
        for (int i = 3; i < 1 << RsaKeyGen.SIEVE_BITS; i += 2) {
            if (BigInteger.valueOf(i).isProbablePrime(40)) {
                product = product.multiply(BigInteger.valueOf(i));
            }
        }
        return product;
    }

    private static RandomSource stream(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (out, off, len) -> {
            for (int i = 0; i < len; i++) {
                out[off + i] = (byte) r.nextInt();
            }
        };
    }

    @Test
    void sieveMarksExactlyTheCandidatesWithASmallFactor() {
        SplittableRandom r = new SplittableRandom(5);
        for (int len : new int[] {128, 127, 130, 192, 256}) {
            byte[] number = new byte[len];
            for (int i = 0; i < len; i++) {
                number[i] = (byte) r.nextInt();
            }
            number[0] |= (byte) 0xC0;
            number[len - 1] |= 1;
            boolean[] divisible = new boolean[1024];
            divisible[7] = true;
            RsaKeyGen.sieve(number, divisible, 1 + len % 4);
            BigInteger start = new BigInteger(1, number);
            int marked = 0;
            for (int i = 0; i < divisible.length; i++) {
                BigInteger c = start.add(BigInteger.valueOf(2L * i));
                boolean expected = !c.gcd(SMALL_PRODUCT).equals(BigInteger.ONE);
                assertEquals(expected, divisible[i], "length " + len + ", offset " + 2 * i);
                marked += divisible[i] ? 1 : 0;
            }
            assertTrue(marked > divisible.length / 2, "most odd candidates have a small factor");
        }
    }

    @Test
    void primesAreDeterministicPrimeAndOfHalfTheSize() {
        for (int bits : new int[] {1024, 2048}) {
            BigInteger[] pq = RsaKeyGen.primes(bits, RsaKeyGen.DEFAULT_EXPONENT, stream(bits));
            BigInteger[] again = RsaKeyGen.primes(bits, RsaKeyGen.DEFAULT_EXPONENT, stream(bits));
            assertEquals(pq[0], again[0]);
            assertEquals(pq[1], again[1]);
            for (BigInteger p : pq) {
                assertEquals(bits / 2, p.bitLength());
                assertTrue(p.isProbablePrime(64));
                assertEquals(BigInteger.ONE, p.subtract(BigInteger.ONE).gcd(RsaKeyGen.DEFAULT_EXPONENT));
            }
            assertEquals(bits, pq[0].multiply(pq[1]).bitLength());
            assertTrue(pq[0].subtract(pq[1]).bitLength() > bits / 2 - 100);
        }
    }

    @Test
    void primesDoNotDependOnTheNumberOfThreads() {
        for (long seed = 20; seed < 23; seed++) {
            BigInteger[] one = RsaKeyGen.primes(1024, RsaKeyGen.DEFAULT_EXPONENT, stream(seed), 1);
            for (int threads : new int[] {2, 3, 8}) {
                BigInteger[] more = RsaKeyGen.primes(1024, RsaKeyGen.DEFAULT_EXPONENT, stream(seed), threads);
                assertEquals(one[0], more[0], "seed " + seed + ", " + threads + " threads");
                assertEquals(one[1], more[1], "seed " + seed + ", " + threads + " threads");
            }
        }
    }

    @Test
    void primesMatchTheGoldenFile() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int bits : new int[] {1024, 2048, 3072}) {
            for (long seed = 1; seed <= 3; seed++) {
                BigInteger[] pq = RsaKeyGen.primes(bits, RsaKeyGen.DEFAULT_EXPONENT, stream(seed));
                lines.add(bits + " " + seed + " " + pq[0].toString(16) + " " + pq[1].toString(16));
            }
        }
        BigInteger[] small = RsaKeyGen.primes(1024, BigInteger.valueOf(3), stream(9));
        lines.add("1024 9 e=3 " + small[0].toString(16) + " " + small[1].toString(16));
        String actual = String.join("\n", lines) + "\n";
        Golden.checkText("rsa-primes.txt", actual);
    }

    @Test
    void onlyZeroAndPrimesFrom65537AreExponents() {
        long[] refused = {1, 2, 3, 4, 7, 8, 17, 257, 65535, 65536, 65541, 65537L * 65537, 0xFFFFFFFFL,
            0x80000000L};
        for (long e : refused) {
            TpmRcException x = assertThrows(TpmRcException.class, () -> RsaKeyGen.checkExponent((int) e), "e=" + e);
            assertEquals(TpmRc.RANGE.value(), x.rc(), "e=" + e);
        }
        assertEquals(RsaKeyGen.DEFAULT_EXPONENT, RsaKeyGen.checkExponent(0));
        for (long e : new long[] {65537, 65539, 4294967291L, 2147483647L}) {
            assertEquals(BigInteger.valueOf(e), RsaKeyGen.checkExponent((int) e), "e=" + e);
        }
        for (long e = 0; e < 70_000; e++) {
            assertEquals(BigInteger.valueOf(e).isProbablePrime(40), RsaKeyGen.isPrime(e), "e=" + e);
        }
    }

    @Test
    void aSearchThatFindsNoPrimeEndsWithNoResult() {
        // with e = 2 every candidate fails gcd(c - 1, e) = 1: the search ends after MAX_WINDOWS windows
        TpmRcException x = assertThrows(TpmRcException.class,
                () -> RsaKeyGen.primes(1024, BigInteger.TWO, stream(3), 2, CancelSignal.NEVER));
        assertEquals(TpmRc.NO_RESULT.value(), x.rc());
    }

    @Test
    void aRaisedCancelLineStopsTheSearch() {
        TpmRcException before = assertThrows(TpmRcException.class,
                () -> RsaKeyGen.primes(2048, RsaKeyGen.DEFAULT_EXPONENT, stream(4), 2, () -> true));
        assertEquals(TpmRc.CANCELED.value(), before.rc());
        // raised in the middle of the search: a key needs two windows and two candidates, four asks at least
        AtomicInteger asked = new AtomicInteger();
        TpmRcException during = assertThrows(TpmRcException.class,
                () -> RsaKeyGen.primes(3072, RsaKeyGen.DEFAULT_EXPONENT, stream(5), 2,
                        () -> asked.incrementAndGet() > 3));
        assertEquals(TpmRc.CANCELED.value(), during.rc());
    }
}
