package io.jvtpm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmSu;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated commands: every reply is a well-formed response (TPM 2.0 Library
 * Part 1, 18.9) and nothing throws. Bounded count so it stays a unit test.
 */
class FuzzTest {
    private static final byte[] ABC = {'a', 'b', 'c'};
    private static final byte[] NONE = new byte[0];
    private static final int SEQUENCE = TpmHt.TRANSIENT.first();

    private static byte[][] seeds() {
        return new byte[][] {
            TpmCommands.getRandom(32),
            TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PT_FIXED, 0x10),
            TpmCommands.getCapability(TpmCap.HANDLES, TpmHt.TRANSIENT.first(), 0x10),
            TpmCommands.pcrRead(List.of(new PcrSelection(HashAlgorithm.SHA256, 0xFF),
                    new PcrSelection(HashAlgorithm.SHA1, 1 << 16))),
            TpmTestSupport.extendSha256(16, 0),
            CommandBuilder.of(TpmCc.PCR_EVENT).handle(16).emptyPassword().tpm2b(ABC).build(),
            CommandBuilder.of(TpmCc.HASH).tpm2b(ABC).u16(HashAlgorithm.SHA256.id()).u32(TpmRh.OWNER.value()).build(),
            TpmCommands.hashSequenceStart(NONE, HashAlgorithm.SHA256),
            TpmCommands.eventSequenceStart(NONE),
            TpmCommands.sequenceUpdate(SEQUENCE, NONE, ABC),
            TpmCommands.sequenceComplete(SEQUENCE, NONE, ABC, TpmRh.OWNER),
            TpmCommands.eventSequenceComplete(16, SEQUENCE + 1, NONE, NONE),
            TpmCommands.flushContext(SEQUENCE),
            TpmCommands.readClock(),
            CommandBuilder.of(TpmCc.CLOCK_RATE_ADJUST).handle(TpmRh.OWNER).emptyPassword().u8(1).build(),
            CommandBuilder.of(TpmCc.TEST_PARMS).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.HMAC.value())
                    .u16(HashAlgorithm.SHA256.id()).build(),
            CommandBuilder.of(TpmCc.INCREMENTAL_SELF_TEST).u32(1).u16(HashAlgorithm.SHA256.id()).build(),
            TpmCommands.stirRandom(ABC),
            TpmCommands.selfTest(true),
            CommandBuilder.of(TpmCc.GET_TEST_RESULT).build(),
            TpmCommands.pcrReset(16),
        };
    }

    @Test
    void everyReplyIsWellFormed() {
        Random rnd = new Random(20261128L);
        byte[][] seeds = seeds();
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
                    t.execute(0, TpmCommands.startup(TpmSu.CLEAR));
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
            assertTrue(tag == TpmSt.NO_SESSIONS.value() || tag == TpmSt.RSP_COMMAND.value(), what);
            assertTrue(rc != 0x101, "no internal failure: " + what);
        } else {
            assertTrue(tag == TpmSt.NO_SESSIONS.value() || tag == TpmSt.SESSIONS.value(), what);
        }
    }
}
