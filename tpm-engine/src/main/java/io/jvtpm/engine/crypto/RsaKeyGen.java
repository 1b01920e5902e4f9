package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import java.math.BigInteger;
import java.util.function.IntPredicate;

/**
 * RSA key generation from a {@link RandomSource} (TPM 2.0 Library Part 1, 11.4.10 and "Primary
 * Key Generation"; FIPS 186-4 B.3.3 conditions on the primes): the same random stream always
 * yields the same primes, so a primary key follows from its seed and template. Each prime is
 * found by an incremental search from a random odd start with its two top bits set, sieved by
 * small primes, then tested with Miller-Rabin.
 *
 * <p>A guest chooses the exponent, so the search is bounded as the reference implementation's
 * CryptRsaGenerateKey is: the exponent is 0 (65537) or a prime of at least 65537 (else
 * TPM_RC_RANGE, checked by {@link #checkExponent}), at most {@link #MAX_WINDOWS} windows are
 * searched for a key (then TPM_RC_NO_RESULT), and the cancel line is asked between candidates
 * (TPM_RC_CANCELED).
 */
public final class RsaKeyGen {
    /** The exponent used when a template says 0. */
    public static final BigInteger DEFAULT_EXPONENT = BigInteger.valueOf(65537);
    /** Odd primes below 2^SIEVE_BITS: a candidate with such a factor never reaches Miller-Rabin. */
    static final int SIEVE_BITS = 17;
    /** At most this many threads share a sieve: past that, handing out the work costs more than it saves. */
    private static final int SIEVE_PARTS = 4;
    private static final int[] SMALL_PRIMES = smallPrimes(1 << SIEVE_BITS);
    private static final double[] RECIPROCALS = reciprocals(SMALL_PRIMES);
    private static final int WINDOW = 4096;
    /**
     * The windows one key may take. A window of a 1536-bit prime holds about six primes, so a key
     * needs two windows and rarely three; the reference gives up after 100 prime searches alike.
     */
    static final int MAX_WINDOWS = 100;
    /** The smallest exponent a template may ask for besides 0 (CryptRsaGenerateKey: 65537). */
    private static final long MIN_EXPONENT = 65537;

    private RsaKeyGen() {
    }

    /**
     * The public exponent of a TPMS_RSA_PARMS exponent field (unsigned): 0 means 65537; any other
     * value below 65537 or not prime is TPM_RC_RANGE, as in the reference's CryptRsaGenerateKey.
     */
    public static BigInteger checkExponent(int exponent) {
        long e = exponent & 0xFFFFFFFFL;
        if (e == 0) {
            return DEFAULT_EXPONENT;
        }
        if (e < MIN_EXPONENT || !isPrime(e)) {
            throw new TpmRcException(TpmRc.RANGE.value());
        }
        return BigInteger.valueOf(e);
    }

    /** Whether {@code e} (below 2^32, odd or even) is prime: trial division by the sieve's primes. */
    static boolean isPrime(long e) {
        if (e < 2 || e % 2 == 0) {
            return e == 2;
        }
        for (int p : SMALL_PRIMES) {
            if ((long) p * p > e) {
                return true;
            }
            if (e % p == 0) {
                return false;
            }
        }
        return true;
    }

    /** The two primes {p, q} (p > q) of a {@code bits}-bit modulus with exponent {@code e}. */
    public static BigInteger[] primes(int bits, BigInteger e, RandomSource random) {
        return primes(bits, e, random, OrderedSearch.DEFAULT_THREADS, CancelSignal.NEVER);
    }

    /**
     * As {@link #primes(int, BigInteger, RandomSource)}, testing candidates on up to {@code threads}
     * threads; the primes do not depend on the number of threads.
     */
    public static BigInteger[] primes(int bits, BigInteger e, RandomSource random, int threads) {
        return primes(bits, e, random, threads, CancelSignal.NEVER);
    }

    /**
     * As {@link #primes(int, BigInteger, RandomSource, int)}, stopping with TPM_RC_CANCELED when
     * {@code cancel} is raised and with TPM_RC_NO_RESULT after {@link #MAX_WINDOWS} windows.
     */
    public static BigInteger[] primes(int bits, BigInteger e, RandomSource random, int threads, CancelSignal cancel) {
        int half = bits / 2;
        int[] windows = {0};
        while (true) {
            BigInteger p = prime(half, e, random, threads, cancel, windows);
            BigInteger q = prime(half, e, random, threads, cancel, windows);
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

    /**
     * The first candidate of the window after a random start that survives the sieve, is coprime
     * to e - 1 and passes Miller-Rabin to base 2 and then to {@code rounds} random bases. The
     * random bases of a candidate are drawn together once it passed base 2 (a composite passing
     * base 2 is so rare that drawing them one round at a time would change no key).
     */
    private static BigInteger prime(int bits, BigInteger e, RandomSource random, int threads, CancelSignal cancel,
            int[] windows) {
        int rounds = bits >= 1536 ? 4 : bits >= 1024 ? 5 : 8;
        int len = (bits + 7) / 8;
        boolean[] divisible = new boolean[WINDOW / 2];
        int[] offsets = new int[WINDOW / 2];
        while (true) {
            if (++windows[0] > MAX_WINDOWS) {
                throw new TpmRcException(TpmRc.NO_RESULT.value());
            }
            checkCancel(cancel);
            byte[] b = random.bytes(bits / 8);
            b[0] |= (byte) 0xC0;
            b[b.length - 1] |= 1;
            BigInteger start = new BigInteger(1, b);
            sieve(b, divisible, threads);
            int count = 0;
            for (int off = 0; off < WINDOW; off += 2) {
                if (!divisible[off >>> 1]) {
                    offsets[count++] = off;
                }
            }
            BigInteger[] candidates = new BigInteger[count];
            IntPredicate base2 = i -> {
                checkCancel(cancel);
                BigInteger c = start.add(BigInteger.valueOf(offsets[i]));
                candidates[i] = c;
                return c.bitLength() == bits && c.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE)
                        && strongProbablePrime(c, BigInteger.TWO);
            };
            for (int from = 0; from < count; ) {
                int skip = from;
                int at = OrderedSearch.first(count - from, i -> base2.test(skip + i), threads);
                if (at < 0) {
                    break;
                }
                BigInteger c = candidates[from + at];
                BigInteger[] bases = new BigInteger[rounds];
                BigInteger range = c.subtract(BigInteger.valueOf(3));
                for (int r = 0; r < rounds; r++) {
                    bases[r] = new BigInteger(1, random.bytes(len)).mod(range).add(BigInteger.TWO);
                }
                if (OrderedSearch.first(rounds, r -> !strongProbablePrime(c, bases[r]), threads) < 0) {
                    return c;
                }
                from += at + 1;
            }
        }
    }

    private static void checkCancel(CancelSignal cancel) {
        if (cancel.canceled()) {
            throw new TpmRcException(TpmRc.CANCELED.value());
        }
    }

    /**
     * Marks {@code divisible[i]} when start + 2i has an odd prime factor below 2^SIEVE_BITS, start
     * being the unsigned big-endian {@code number} (larger than every such prime). The residue
     * of start modulo each prime is computed once, 32 bits at a time, with a floating-point
     * reciprocal in place of a division, four primes side by side so that their steps overlap;
     * the primes are shared out among up to {@code threads} threads.
     */
    static void sieve(byte[] number, boolean[] divisible, int threads) {
        java.util.Arrays.fill(divisible, false);
        int lead = number.length % 4;
        int words = number.length / 4;
        long top = 0;
        for (int k = 0; k < lead; k++) {
            top = (top << 8) | (number[k] & 0xFF);
        }
        long[] word = new long[words];
        for (int w = 0, at = lead; w < words; w++, at += 4) {
            word[w] = ((number[at] & 0xFFL) << 24) | ((number[at + 1] & 0xFF) << 16)
                    | ((number[at + 2] & 0xFF) << 8) | (number[at + 3] & 0xFF);
        }
        int parts = Math.max(1, Math.min(threads, SIEVE_PARTS));
        long topBits = top;
        // equal parts of the prime list, each a multiple of four primes but the last
        int step = (SMALL_PRIMES.length / parts + 3) & ~3;
        OrderedSearch.forEach(parts, part -> {
            int from = Math.min(part * step, SMALL_PRIMES.length);
            int to = part == parts - 1 ? SMALL_PRIMES.length : Math.min((part + 1) * step, SMALL_PRIMES.length);
            sieveRange(word, topBits, from, to, divisible);
        }, parts);
    }

    /** The sieve of {@link #sieve} for the primes SMALL_PRIMES[from, to). */
    private static void sieveRange(long[] word, long top, int from, int to, boolean[] divisible) {
        int words = word.length;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int p0 = SMALL_PRIMES[i];
            int p1 = SMALL_PRIMES[i + 1];
            int p2 = SMALL_PRIMES[i + 2];
            int p3 = SMALL_PRIMES[i + 3];
            double v0 = RECIPROCALS[i];
            double v1 = RECIPROCALS[i + 1];
            double v2 = RECIPROCALS[i + 2];
            double v3 = RECIPROCALS[i + 3];
            long r0 = top % p0;
            long r1 = top % p1;
            long r2 = top % p2;
            long r3 = top % p3;
            for (int w = 0; w < words; w++) {
                long x = word[w];
                r0 = reduce((r0 << 32) | x, p0, v0);
                r1 = reduce((r1 << 32) | x, p1, v1);
                r2 = reduce((r2 << 32) | x, p2, v2);
                r3 = reduce((r3 << 32) | x, p3, v3);
            }
            mark(divisible, p0, r0);
            mark(divisible, p1, r1);
            mark(divisible, p2, r2);
            mark(divisible, p3, r3);
        }
        for (; i < to; i++) {
            int p = SMALL_PRIMES[i];
            long r = top % p;
            for (int w = 0; w < words; w++) {
                r = reduce((r << 32) | word[w], p, RECIPROCALS[i]);
            }
            mark(divisible, p, r);
        }
    }

    /** x mod p for 0 <= x < p * 2^32, {@code inv} being 1.0 / p. */
    private static long reduce(long x, int p, double inv) {
        long r = x - (long) (x * inv) * p;
        if (r < 0) {
            r += p;
        } else if (r >= p) {
            r -= p;
        }
        return r;
    }

    /** Marks the candidates start + 2j divisible by p, start being r modulo p. */
    private static void mark(boolean[] divisible, int p, long r) {
        // start + off is divisible by p when off = -r (mod p); only even offsets are candidates
        int off = r == 0 ? 0 : p - (int) r;
        if ((off & 1) != 0) {
            off += p;
        }
        for (int j = off >>> 1; j < divisible.length; j += p) {
            divisible[j] = true;
        }
    }

    /** One Miller-Rabin round: whether {@code n} is a strong probable prime to base {@code a}. */
    static boolean strongProbablePrime(BigInteger n, BigInteger a) {
        BigInteger nm1 = n.subtract(BigInteger.ONE);
        int s = nm1.getLowestSetBit();
        BigInteger x = a.modPow(nm1.shiftRight(s), n);
        if (x.equals(BigInteger.ONE) || x.equals(nm1)) {
            return true;
        }
        for (int r = 1; r < s; r++) {
            x = x.multiply(x).mod(n);
            if (x.equals(nm1)) {
                return true;
            }
        }
        return false;
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
