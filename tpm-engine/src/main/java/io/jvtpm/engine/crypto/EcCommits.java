package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * The commit state of the two-phase ECC operations (TPM 2.0 Library Part 1, C.2 and 19.2; Part 3,
 * 19.2 TPM2_Commit, 19.3 TPM2_EC_Ephemeral, 14.7 TPM2_ZGen_2Phase, and the ECDAA sign of 20.2):
 * the secret commitNonce, the 64-bit commitCounter and the array of outstanding commitments. The
 * ephemeral r of a commitment is never stored: it is KDFa(commitNonce, "ECDAA Commit", Name,
 * counter), so the command that completes the commitment derives it again from the counter the
 * caller gives back, once (the commitment's bit is cleared when it is used). A counter is
 * accepted only while its bit is set and it lies within the last 128 commitments, as the
 * reference implementation checks. TPM Reset starts over with a fresh nonce, so an r is never
 * derived twice for two different uses.
 */
public final class EcCommits {
    /** The size of commitNonce in bytes. */
    static final int NONCE_SIZE = 32;
    /** The size of the commit array in bits (the reference's commitArray[16]). */
    static final int SLOTS = 128;
    private static final int INDEX_MASK = SLOTS - 1;
    private static final String LABEL = "ECDAA Commit";
    private static final int MAX_TRIES = 1000;

    private final RandomSource random;
    private byte[] nonce;
    private long counter;
    private final long[] outstanding = new long[SLOTS / 64];

    /**
     * A commit state with counter zero and no outstanding commitment; its nonce is drawn from
     * {@code random} when first needed (so a TPM that never commits draws nothing).
     */
    public EcCommits(RandomSource random) {
        this.random = random;
    }

    /** TPM Reset: a new nonce (drawn when next needed), counter zero, every commitment forgotten. */
    public void reset() {
        nonce = null;
        counter = 0;
        java.util.Arrays.fill(outstanding, 0);
    }

    /**
     * The r of the next commitment (CryptGenerateR with no count): derived from the current
     * counter. {@code name} is the key's Name, or null.
     */
    public BigInteger nextR(EccCurve curve, byte[] name) {
        return derive(curve, name, counter);
    }

    /**
     * The r of the outstanding commitment {@code count}, or null when there is none: its bit is
     * clear (never made, already used or forgotten) or it lies outside the last 128 commitments.
     */
    public BigInteger outstandingR(EccCurve curve, byte[] name, int count) {
        int c = count & 0xFFFF;
        if (!isSet(c & INDEX_MASK)) {
            return null;
        }
        long current = counter;
        if ((c & INDEX_MASK) >= (current & INDEX_MASK)) {
            current -= SLOTS;
        }
        if ((current & 0xFFFF & ~INDEX_MASK) != (c & ~INDEX_MASK)) {
            return null;
        }
        return derive(curve, name, (current & ~0xFFFFL) | c);
    }

    /** CryptCommit: records the commitment of the current counter and returns its low 16 bits. */
    public int commit() {
        int old = (int) (counter & 0xFFFF);
        counter++;
        outstanding[(old & INDEX_MASK) >>> 6] |= 1L << (old & 63);
        return old;
    }

    /** CryptEndCommit: the commitment {@code count} is used up. */
    public void end(int count) {
        int i = count & INDEX_MASK;
        outstanding[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isSet(int index) {
        return (outstanding[index >>> 6] & (1L << (index & 63))) != 0;
    }

    /**
     * KDFa(SHA-256, commitNonce, "ECDAA Commit", name, counter) with as many bits as the order, as
     * a scalar in [1, n-1]; a value at or above n (or, as the reference refuses, with its upper
     * half of bytes zero) is drawn again with an attempt number after the counter.
     */
    private BigInteger derive(EccCurve curve, byte[] name, long count) {
        if (nonce == null) {
            nonce = random.bytes(NONCE_SIZE);
        }
        BigInteger n = curve.order();
        int len = (n.bitLength() + 7) / 8;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            ByteBuffer context = ByteBuffer.allocate(attempt == 0 ? 8 : 12).putLong(count);
            if (attempt > 0) {
                context.putInt(attempt);
            }
            BigInteger r = Numbers.of(Kdf.kdfa(HashAlgorithm.SHA256, nonce, LABEL, name, context.array(), n.bitLength()));
            if (r.compareTo(n) < 0 && r.bitLength() > 8 * (len - len / 2 - 1)) {
                return r;
            }
        }
        throw new IllegalStateException("no commit value for " + curve);
    }
}
