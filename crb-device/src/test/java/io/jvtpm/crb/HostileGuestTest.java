package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile guest: a million seeded random reads and writes of every offset, size and locality,
 * a sweep of every offset and size as every guest locality, and two vCPU threads at once.
 * Nothing may throw; at most one locality is active; a response is never readable from a locality
 * other than the one that sent the command; a stale response is gone after cmdReady.
 */
class HostileGuestTest {

    /** Answers anything with a success response carrying 16 fresh random bytes, and remembers it. */
    static final class NonceTpm implements TpmBackend {
        private final SplittableRandom random;
        volatile int lastLocality = -1;
        volatile byte[] lastNonce;
        volatile long commands;

        NonceTpm(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public synchronized byte[] execute(int locality, byte[] command) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            lastLocality = locality;
            lastNonce = nonce;
            commands++;
            return ByteBuffer.allocate(26).putShort((short) 0x8001).putInt(26).putInt(0).put(nonce).array();
        }
    }

    /** How many commands the concurrent guests must get to the TPM for the run to count. */
    private static final int MIN_COMMANDS = 100;

    private static final int[] SIZES = {1, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4, 8, 0, 3, 5, 6, 7, 9, 16, -1};

    private static final int[] KEY_REGISTERS = {0x00, 0x08, 0x08, 0x0C, 0x40, 0x40, 0x44, 0x48, 0x4C, 0x4C, 0x50, 0x54};

    /** A random offset, half of the time in the page of {@code active} (when one is), keen on the live registers. */
    private static long offset(SplittableRandom r, int active) {
        int loc = active >= 0 && r.nextBoolean() ? active : r.nextInt(5);
        int p = r.nextInt(100);
        long inPage;
        if (p < 40) {
            inPage = KEY_REGISTERS[r.nextInt(KEY_REGISTERS.length)] + (r.nextInt(10) == 0 ? r.nextInt(-3, 4) : 0);
            inPage = Math.max(0, inPage);
        } else if (p < 55) {
            inPage = r.nextInt(0x80);
        } else if (p < 85) {
            inPage = 0x80 + r.nextInt(0x40);
        } else if (p < 98) {
            inPage = r.nextInt(0x1000);
        } else {
            return r.nextBoolean() ? -r.nextInt(1, 16) : CrbDevice.SIZE - 8 + r.nextInt(24);
        }
        return loc * 0x1000L + inPage;
    }

    private static long value(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextLong();
            case 1 -> 1L << r.nextInt(4);
            case 2 -> r.nextInt(16);
            default -> r.nextInt(0x100) == 0 ? 0x8000000FL : r.nextInt(4);
        };
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void millionRandomAccessesKeepTheInvariants() {
        NonceTpm tpm = new NonceTpm(7);
        SplittableRandom r = new SplittableRandom(20261128L);
        try (CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(Runnable::run))) {
            dev.reset();
            long cmdReadyChecks = 0;
            long foreignChecks = 0;
            for (int op = 0; op < 1_000_000; op++) {
                if (r.nextInt(200_000) == 0) {
                    dev.reset();
                }
                int activeBefore = dev.activeLocality();
                long off = offset(r, activeBefore);
                int size = SIZES[r.nextInt(SIZES.length)];
                if (r.nextBoolean()) {
                    long v = value(r);
                    boolean startWasIdle = activeBefore >= 0 && dev.read(activeBefore * 0x1000L + 0x4C, 4) == 0;
                    dev.write(off, size, v);
                    if (isCmdReady(off, size, v, activeBefore) && startWasIdle && dev.activeLocality() == activeBefore) {
                        cmdReadyChecks++;
                        long page = activeBefore * 0x1000L;
                        for (int i = 0; i < 64; i += 8) {
                            assertEquals(0L, dev.read(page + 0x80 + i, 8), "stale response after cmdReady, op " + op);
                        }
                    }
                } else {
                    dev.read(off, size);
                }
                int active = checkOneActive(dev, op);
                if (active >= 0 && tpm.lastNonce != null && tpm.lastLocality != active) {
                    foreignChecks++;
                    byte[] seen = new byte[16];
                    long page = active * 0x1000L;
                    for (int i = 0; i < 16; i++) {
                        seen[i] = (byte) dev.read(page + 0x80 + 10 + i, 1);
                    }
                    assertFalse(Arrays.equals(seen, tpm.lastNonce),
                            "locality " + active + " reads locality " + tpm.lastLocality + "'s response, op " + op);
                }
            }
            assertEquals(0, dev.internalErrors());
            assertTrue(tpm.commands > 1000, "the random guest ran commands: " + tpm.commands);
            assertTrue(cmdReadyChecks > 1000, "cmdReady checked: " + cmdReadyChecks);
            assertTrue(foreignChecks > 1000, "foreign-response checks: " + foreignChecks);
        }
    }

    /** Every offset of the window with every size 1..8, written and read as each locality and as none. */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void sweepEveryOffsetSizeAndLocality() {
        NonceTpm tpm = new NonceTpm(13);
        SplittableRandom r = new SplittableRandom(5);
        try (CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(Runnable::run))) {
            dev.reset();
            for (int as = -1; as < TpmInterfaceDevice.PLATFORM_LOCALITY; as++) { // the guest cannot make 4 active
                for (int off = 0; off < CrbDevice.SIZE; off++) {
                    for (int size = 1; size <= 8; size++) {
                        makeActive(dev, as);
                        dev.write(off, size, value(r));
                        long v = dev.read(off, size);
                        if (size < 8) {
                            assertEquals(0, v >>> (8 * size), "a read returns only its bytes");
                        }
                        checkOneActive(dev, off);
                    }
                }
            }
            assertEquals(0, dev.internalErrors());
            assertTrue(tpm.commands > 0);
        }
    }

    /** Relinquishes until nothing (or {@code locality}) is active, then requests {@code locality}. */
    private static void makeActive(CrbDevice dev, int locality) {
        for (int a = dev.activeLocality(); a >= 0 && a != locality; a = dev.activeLocality()) {
            dev.write(a * 0x1000L + 0x08, 4, 2);
        }
        if (locality >= 0 && dev.activeLocality() != locality) {
            dev.write(locality * 0x1000L + 0x08, 4, 1);
            assertEquals(locality, dev.activeLocality());
        }
    }

    /** True when the write reaches CTRL_REQ byte 0 of the active locality with cmdReady alone. */
    private static boolean isCmdReady(long off, int size, long v, int active) {
        if (active < 0 || size < 1 || size > 8) {
            return false;
        }
        long reqAt = active * 0x1000L + 0x40;
        if (off > reqAt || off + size <= reqAt) {
            return false;
        }
        int bits = (int) (v >>> (8 * (reqAt - off))) & 3;
        return bits == 1;
    }

    private static int checkOneActive(CrbDevice dev, int op) {
        int granted = -1;
        assertEquals(-1L, dev.read(TpmInterfaceDevice.PLATFORM_LOCALITY * 0x1000L + 0x0C, 8), "locality 4's page, op " + op);
        for (int loc = 0; loc < TpmInterfaceDevice.PLATFORM_LOCALITY; loc++) {
            if ((dev.read(loc * 0x1000L + 0x0C, 4) & 1) != 0) {
                assertEquals(-1, granted, "two localities granted, op " + op);
                granted = loc;
            }
        }
        long state = dev.read(0, 4);
        if (granted >= 0) {
            assertEquals(0x82L | granted << 2, state & 0x9E, "LOC_STATE names the granted locality, op " + op);
        } else {
            assertEquals(0x80L, state & 0x9E, "LOC_STATE with nothing granted, op " + op);
        }
        return granted;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void concurrentVcpusAndTheCommandThread() throws Exception {
        NonceTpm tpm = new NonceTpm(11);
        try (CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(2);
            for (int t = 0; t < 2; t++) {
                long seed = 99 + t;
                Thread th = new Thread(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    try {
                        // 150,000 operations each, and more (up to ten times that) while fewer than
                        // MIN_COMMANDS commands reached the TPM: on a loaded host most of the random
                        // guests' commands are abandoned before the command thread takes them
                        for (int op = 0; op < 150_000 || (tpm.commands <= MIN_COMMANDS && op < 1_500_000); op++) {
                            long off = offset(r, dev.activeLocality());
                            int size = SIZES[r.nextInt(SIZES.length)];
                            if (r.nextBoolean()) {
                                dev.write(off, size, value(r));
                            } else {
                                dev.read(off, size);
                            }
                            long state = dev.read(0, 4); // one read is one consistent snapshot
                            assertEquals(0x80L, state & 0xE0, "LOC_STATE valid, reserved bits clear");
                            if ((state & 2) != 0) {
                                assertTrue(((state >>> 2) & 7) < TpmInterfaceDevice.PLATFORM_LOCALITY, "active locality 0..3");
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }, "vcpu-" + t);
                th.start();
            }
            assertTrue(done.await(280, TimeUnit.SECONDS));
            if (failure.get() != null) {
                throw new AssertionError("a vCPU thread failed", failure.get());
            }
            assertEquals(0, dev.internalErrors());
            checkOneActive(dev, -1);
            assertTrue(tpm.commands > MIN_COMMANDS, "the random guests ran commands: " + tpm.commands);
        }
    }
}
