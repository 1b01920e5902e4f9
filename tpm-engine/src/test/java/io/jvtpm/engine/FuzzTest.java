package io.jvtpm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated commands: every reply is a well-formed response (TPM 2.0 Library
 * Part 1, 18.9) and nothing throws. Bounded count so it stays a unit test.
 */
class FuzzTest {
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final String[] SEEDS = {
        "8001 00000000 0000017b 0020",
        "8001 00000000 0000017a 00000006 00000100 00000010",
        "8001 00000000 0000017a 00000001 80000000 00000010",
        "8001 00000000 0000017e 00000002 000b 03 ff0000 0004 03 000001",
        "8002 00000000 00000182 00000010 " + PW + " 00000001 000b " + "00".repeat(32),
        "8002 00000000 0000013c 00000010 " + PW + " 0003 616263",
        "8001 00000000 0000017d 0003 616263 000b 40000001",
        "8001 00000000 00000186 0000 000b",
        "8001 00000000 00000186 0000 0010",
        "8002 00000000 0000015c 80000000 " + PW + " 0003 616263",
        "8002 00000000 0000013e 80000000 " + PW + " 0003 616263 40000001",
        "8002 00000000 00000185 00000010 80000001 00000012 40000009 0000 00 0000 40000009 0000 00 0000 0000",
        "8001 00000000 00000165 80000000",
        "8001 00000000 00000181",
        "8002 00000000 00000130 40000001 " + PW + " 01",
        "8001 00000000 0000018a 0008 0005 000b",
        "8001 00000000 00000142 00000001 000b",
        "8001 00000000 00000146 0003 616263",
        "8001 00000000 00000143 01",
        "8001 00000000 0000017c",
        "8002 00000000 0000013d 00000010 " + PW,
    };

    @Test
    void everyReplyIsWellFormed() {
        Random rnd = new Random(20261128L);
        byte[][] seeds = new byte[SEEDS.length][];
        for (int i = 0; i < SEEDS.length; i++) {
            seeds[i] = TpmTestSupport.cmd(SEEDS[i]);
        }
        try (InProcessBackend t = TpmTestSupport.started(99)) {
            int ok = 0;
            for (int i = 0; i < 40_000; i++) {
                byte[] c = mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
                byte[] r = t.execute(rnd.nextInt(5), c);
                check(c, r);
                if (TpmTestSupport.rc(r) == 0) {
                    ok++;
                }
                if (i % 5000 == 4999) {
                    // power cycles in between, as a guest reboot would do
                    t.init(rnd.nextBoolean());
                    t.execute(0, TpmTestSupport.cmd("8001 00000000 00000144 0000"));
                }
            }
            assertTrue(ok > 1000, "some mutations still succeed: " + ok);
            assertEquals(0, TpmTestSupport.rc(t.execute(0, seeds[0])));
        }
    }

    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] c = seed.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> {
                return c;
            }
            case 1 -> c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
            case 2 -> {
                int n = rnd.nextInt(c.length + 1);
                byte[] d = new byte[n];
                System.arraycopy(c, 0, d, 0, n);
                return fixSize(d, rnd);
            }
            case 3 -> {
                byte[] d = new byte[c.length + 1 + rnd.nextInt(16)];
                System.arraycopy(c, 0, d, 0, c.length);
                for (int i = c.length; i < d.length; i++) {
                    d[i] = (byte) rnd.nextInt(256);
                }
                return fixSize(d, rnd);
            }
            case 4 -> {
                for (int k = 0; k < 3 && c.length > 10; k++) {
                    c[10 + rnd.nextInt(c.length - 10)] = (byte) rnd.nextInt(256);
                }
            }
            case 5 -> {
                byte[] d = new byte[rnd.nextInt(64)];
                rnd.nextBytes(d);
                return fixSize(d, rnd);
            }
            default -> {
                int at = 10 + rnd.nextInt(Math.max(1, c.length - 10));
                if (at + 1 < c.length) {
                    c[at] = (byte) 0xFF;
                    c[at + 1] = (byte) 0xFF;
                }
            }
        }
        return c;
    }

    private static byte[] fixSize(byte[] d, Random rnd) {
        if (d.length >= 6 && rnd.nextInt(4) != 0) {
            d[2] = (byte) (d.length >>> 24);
            d[3] = (byte) (d.length >>> 16);
            d[4] = (byte) (d.length >>> 8);
            d[5] = (byte) d.length;
        }
        return d;
    }

    private static void check(byte[] c, byte[] r) {
        String what = TpmTestSupport.hex(c) + " -> " + TpmTestSupport.hex(r);
        assertTrue(r.length >= 10, what);
        int tag = ((r[0] & 0xFF) << 8) | (r[1] & 0xFF);
        int size = ((r[2] & 0xFF) << 24) | ((r[3] & 0xFF) << 16) | ((r[4] & 0xFF) << 8) | (r[5] & 0xFF);
        assertEquals(r.length, size, what);
        int rc = TpmTestSupport.rc(r);
        if (rc != 0) {
            assertEquals(10, r.length, what);
            assertTrue(tag == 0x8001 || tag == 0x00C4, what);
            assertTrue(rc != 0x101, "no internal failure: " + what);
        } else {
            assertTrue(tag == 0x8001 || tag == 0x8002, what);
        }
    }
}
