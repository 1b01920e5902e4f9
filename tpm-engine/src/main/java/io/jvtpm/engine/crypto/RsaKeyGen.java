package io.jvtpm.engine.crypto;

import java.math.BigInteger;

/**
 * RSA key generation from a {@link RandomSource} (TPM 2.0 Library Part 1, 11.4.10 and "Primary
 * Key Generation"; FIPS 186-4 B.3.3 conditions on the primes): the same random stream always
 * yields the same primes, so a primary key follows from its seed and template. Each prime is
 * found by an incremental search from a random odd start with its two top bits set, sieved by
 * small primes, then tested with Miller-Rabin.
 */
public final class RsaKeyGen {
    /** The exponent used when a template says 0. */
    public static final BigInteger DEFAULT_EXPONENT = BigInteger.valueOf(65537);
    /** Odd primes below 2^SIEVE_BITS: a candidate with such a factor never reaches Miller-Rabin. */
    private static final int SIEVE_BITS = 15;
    private static final int[] SMALL_PRIMES = smallPrimes(1 << SIEVE_BITS);
    private static final double[] RECIPROCALS = reciprocals(SMALL_PRIMES);
    private static final int WINDOW = 4096;

    private RsaKeyGen() {
    }

    /** The two primes {p, q} (p > q) of a {@code bits}-bit modulus with exponent {@code e}. */
    public static BigInteger[] primes(int bits, BigInteger e, RandomSource random) {
        int half = bits / 2;
        while (true) {
            BigInteger p = prime(half, e, random);
            BigInteger q = prime(half, e, random);
            // |p - q| > 2^(half - 100) (FIPS 186-4 B.3.3 step 5.4)
            if (p.subtract(q).abs().bitLength() <= half - 100) {
                continue;
            }
            BigInteger n = p.multiply(q);
            if (n.bitLength() != bits) {
                continue;
            }
            return p.compareTo(q) > 0 ? new BigInteger[] {p, q} : new BigInteger[] {q, p};
        }
    }

    private static BigInteger prime(int bits, BigInteger e, RandomSource random) {
        int rounds = bits >= 1536 ? 4 : bits >= 1024 ? 5 : 8;
        boolean[] divisible = new boolean[WINDOW / 2];
        while (true) {
            byte[] b = random.bytes(bits / 8);
            b[0] |= (byte) 0xC0;
            b[b.length - 1] |= 1;
            BigInteger start = new BigInteger(1, b);
            sieve(b, divisible);
            for (int off = 0; off < WINDOW; off += 2) {
                if (divisible[off >>> 1]) {
                    continue;
                }
                BigInteger c = start.add(BigInteger.valueOf(off));
                if (c.bitLength() != bits) {
                    break;
                }
                if (!c.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE)) {
                    continue;
                }
                if (millerRabin(c, rounds, random)) {
                    return c;
                }
            }
        }
    }

    /**
     * Marks {@code divisible[i]} when start + 2i has an odd prime factor below 2^SIEVE_BITS, start
     * being the unsigned big-endian {@code number} (larger than every such prime). The residue
     * of start modulo each prime is computed once, 32 bits at a time, with a floating-point
     * reciprocal in place of a division.
     */
    static void sieve(byte[] number, boolean[] divisible) {
        java.util.Arrays.fill(divisible, false);
        int lead = number.length % 4;
        int words = number.length / 4;
        long top = 0;
        for (int k = 0; k < lead; k++) {
            top = (top << 8) | (number[k] & 0xFF);
        }
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            int p = SMALL_PRIMES[i];
            double inv = RECIPROCALS[i];
            long r = top % p;
            for (int w = 0, at = lead; w < words; w++, at += 4) {
                long x = (r << 32) | ((number[at] & 0xFFL) << 24) | ((number[at + 1] & 0xFF) << 16)
                        | ((number[at + 2] & 0xFF) << 8) | (number[at + 3] & 0xFF);
                r = x - (long) (x * inv) * p;
                if (r < 0) {
                    r += p;
                } else if (r >= p) {
                    r -= p;
                }
            }
            // start + off is divisible by p when off = -r (mod p); only even offsets are candidates
            int off = r == 0 ? 0 : p - (int) r;
            if ((off & 1) != 0) {
                off += p;
            }
            for (int j = off >>> 1; j < divisible.length; j += p) {
                divisible[j] = true;
            }
        }
    }

    /** Miller-Rabin with base 2 and then {@code rounds} bases drawn from {@code random}. */
    static boolean millerRabin(BigInteger n, int rounds, RandomSource random) {
        BigInteger nm1 = n.subtract(BigInteger.ONE);
        int s = nm1.getLowestSetBit();
        BigInteger d = nm1.shiftRight(s);
        int len = (n.bitLength() + 7) / 8;
        for (int i = 0; i <= rounds; i++) {
            BigInteger a;
            if (i == 0) {
                a = BigInteger.TWO;
            } else {
                a = new BigInteger(1, random.bytes(len)).mod(n.subtract(BigInteger.valueOf(3))).add(BigInteger.TWO);
            }
            BigInteger x = a.modPow(d, n);
            if (x.equals(BigInteger.ONE) || x.equals(nm1)) {
                continue;
            }
            boolean composite = true;
            for (int r = 1; r < s; r++) {
                x = x.multiply(x).mod(n);
                if (x.equals(nm1)) {
                    composite = false;
                    break;
                }
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    private static double[] reciprocals(int[] primes) {
        double[] r = new double[primes.length];
        for (int i = 0; i < primes.length; i++) {
            r[i] = 1.0 / primes[i];
        }
        return r;
    }

    private static int[] smallPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int n = 0;
        int[] tmp = new int[limit];
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                tmp[n++] = i;
                for (long j = (long) i * i; j < limit; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        int[] r = new int[n];
        System.arraycopy(tmp, 0, r, 0, n);
        return r;
    }
}
