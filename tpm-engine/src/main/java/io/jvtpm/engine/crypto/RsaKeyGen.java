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
    private static final int[] SMALL_PRIMES = smallPrimes(1 << 15);
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
        while (true) {
            byte[] b = random.bytes(bits / 8);
            b[0] |= (byte) 0xC0;
            b[b.length - 1] |= 1;
            BigInteger start = new BigInteger(1, b);
            int[] residues = new int[SMALL_PRIMES.length];
            for (int i = 0; i < SMALL_PRIMES.length; i++) {
                residues[i] = start.mod(BigInteger.valueOf(SMALL_PRIMES[i])).intValue();
            }
            for (int off = 0; off < WINDOW; off += 2) {
                if (!survivesSieve(residues, off)) {
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

    private static boolean survivesSieve(int[] residues, int off) {
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            if ((residues[i] + off) % SMALL_PRIMES[i] == 0) {
                return false;
            }
        }
        return true;
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

    private static int[] smallPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int n = 0;
        int[] tmp = new int[limit];
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                tmp[n++] = i;
                for (int j = i * i; j < limit; j += 2 * i) {
                    composite[j] = true;
                }
            }
        }
        int[] r = new int[n];
        System.arraycopy(tmp, 0, r, 0, n);
        return r;
    }
}
