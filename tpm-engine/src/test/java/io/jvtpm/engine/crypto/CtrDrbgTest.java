package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The CTR_DRBG: determinism, reseeding, bounds and a loose uniformity check. */
class CtrDrbgTest {
    private static byte[] out(CtrDrbg d, int n) {
        byte[] b = new byte[n];
        d.generate(b, 0, n);
        return b;
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        byte[] a = out(new CtrDrbg(new byte[] {1, 2, 3}), 100);
        assertArrayEquals(a, out(new CtrDrbg(new byte[] {1, 2, 3}), 100));
        assertFalse(Arrays.equals(a, out(new CtrDrbg(new byte[] {1, 2, 4}), 100)));
    }

    @Test
    void everyRequestMovesTheState() {
        CtrDrbg d = new CtrDrbg(new byte[16]);
        byte[] first = out(d, 32);
        byte[] second = out(d, 32);
        assertFalse(Arrays.equals(first, second));
        // output of one request is not a prefix of the next request's keystream (the key changes)
        CtrDrbg e = new CtrDrbg(new byte[16]);
        byte[] both = out(e, 64);
        assertArrayEquals(first, Arrays.copyOf(both, 32));
        assertFalse(Arrays.equals(second, Arrays.copyOfRange(both, 32, 64)));
    }

    @Test
    void reseedChangesTheStream() {
        CtrDrbg a = new CtrDrbg(new byte[] {9});
        CtrDrbg b = new CtrDrbg(new byte[] {9});
        b.reseed(new byte[] {1});
        assertFalse(Arrays.equals(out(a, 32), out(b, 32)));
    }

    @Test
    void requestsAreBounded() {
        CtrDrbg d = new CtrDrbg(new byte[1]);
        assertThrows(IllegalArgumentException.class, () -> d.generate(new byte[5000], 0, 4097));
        assertEquals(0, out(d, 0).length);
    }

    @Test
    void bytesLookUniform() {
        CtrDrbg d = new CtrDrbg(new byte[] {42});
        int[] counts = new int[256];
        byte[] b = new byte[4096];
        int n = 0;
        for (int i = 0; i < 256; i++) {
            d.generate(b, 0, b.length);
            for (byte x : b) {
                counts[x & 0xFF]++;
                n++;
            }
        }
        double expected = n / 256.0;
        double chi = 0;
        for (int c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        // 255 degrees of freedom: the 1e-6 tail is near 400
        assertTrue(chi < 400, "chi-square " + chi);
    }
}
