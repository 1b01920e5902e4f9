package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A guest that writes and reads anything anywhere: a million seeded random accesses over the
 * five localities with every size (valid or not). Nothing may throw; at most one locality is
 * active; burstCount never exceeds the buffer; a response is readable only from the locality
 * that sent its command; after commandReady no stale response byte comes out of the FIFO.
 */
class HostileGuestTest {
    /** Localities 0..3: locality 4's page reads all ones to a guest (see PlatformLocalityTest). */
    private static final int GUEST_LOCALITIES = TpmInterfaceDevice.PLATFORM_LOCALITY;
    private static final int[] SIZES = {1, 1, 1, 4, 4, 4, 2, 8, 3, 0, -1, 5, 6, 7, 16};
    private static final int[] HOT_OFFSETS = {
        0x000, 0x000, 0x000, 0x001, 0x008, 0x00C, 0x010, 0x014, 0x018, 0x018, 0x018, 0x019, 0x01A, 0x01B,
        0x024, 0x024, 0x024, 0x025, 0x026, 0x027, 0x030, 0x080, 0x084, 0x0BC, 0x0BF, 0xF00, 0xF04, 0x004, 0x020,
    };

    /** A TPM that counts commands and answers each with 48 bytes that name the locality it came from. */
    private static TpmBackend localityTagging(AtomicLong commands) {
        return (locality, command) -> {
            commands.incrementAndGet();
            ByteBuffer b = ByteBuffer.allocate(58).putShort((short) 0x8001).putInt(58).putInt(0);
            while (b.hasRemaining()) {
                b.put((byte) (0xA0 + locality));
            }
            return b.array();
        };
    }

    @Test
    void aMillionRandomAccessesBreakNoRule() {
        // commands run inline: the run is the same on every machine, seed for seed
        AtomicLong commands = new AtomicLong();
        long responseBytesSeen = hammer(localityTagging(commands), Runnable::run, 1_000_000, 0x715_2026L);
        assertTrue(commands.get() > 1000, "commands executed: " + commands.get());
        assertTrue(responseBytesSeen > 1000, "response bytes read: " + responseBytesSeen);
    }

    @Test
    void randomAccessesWithCommandsCompletingOnTheirOwnThreadBreakNoRule() {
        // responses land whenever the command thread gets there, in the middle of anything
        AtomicLong executed = new AtomicLong();
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try {
            hammer(localityTagging(executed), commands, 300_000, 0x5EED_7157L);
        } finally {
            commands.shutdownNow();
        }
        assertTrue(executed.get() > 0, "commands executed: " + executed.get());
    }

    /** Runs {@code ops} seeded random accesses, checking the rules; returns response bytes read. */
    private static long hammer(TpmBackend tpm, Executor executor, int ops, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] clean = new boolean[TisDevice.LOCALITIES];
        long responseBytesSeen = 0;
        try (TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(executor))) {
            for (int op = 0; op < ops; op++) {
                int locality = random.nextInt(TisDevice.LOCALITIES);
                long page = (long) locality * TisDevice.LOCALITY_STRIDE;
                int kind = random.nextInt(100);
                if (kind < 4) {
                    // a well-formed command, so that the state machine runs through execution
                    device.write(page + 0x18, 1, Sts.COMMAND_READY);
                    boolean active = device.activeLocality() == locality;
                    if (active) {
                        clean[locality] = true;
                    }
                    for (byte x : TpmCommands.getRandom(16)) {
                        device.write(page + 0x24, 1, x & 0xFF);
                    }
                    device.write(page + 0x18, 1, Sts.TPM_GO);
                    clean[locality] = false;
                    if (active) {
                        // wait (bounded) for the answer and read part of it: it must be ours
                        for (int spin = 0; spin < 10_000 && (device.read(page + 0x18, 1) & Sts.DATA_AVAIL) == 0; spin++) {
                            Thread.onSpinWait();
                        }
                        for (int i = random.nextInt(60); i > 0; i--) {
                            int b = (int) device.read(page + 0x24, 1);
                            if (b >= 0xA0 && b <= 0xA4) {
                                responseBytesSeen++;
                                assertEquals(0xA0 + locality, b, "foreign response byte at op " + op);
                            }
                        }
                    }
                    continue;
                }
                long offset = random.nextInt(10) == 0
                        ? random.nextLong(-16, TisDevice.SIZE + 16)
                        : page + (random.nextInt(4) == 0 ? random.nextInt(0x1000) : HOT_OFFSETS[random.nextInt(HOT_OFFSETS.length)]);
                int size = SIZES[random.nextInt(SIZES.length)];
                if (kind < 50) {
                    long value = randomValue(random, offset);
                    boolean wasActive = device.activeLocality() == (int) (offset >>> 12);
                    device.write(offset, size, value);
                    if ((offset & 0xFFF) == 0x18 && offset >= 0 && offset < TisDevice.SIZE && (size == 1 || size == 2 || size == 4 || size == 8)) {
                        int l = (int) (offset >>> 12);
                        int control = (int) value & (Sts.COMMAND_READY | Sts.TPM_GO | Sts.RESPONSE_RETRY);
                        if (control == Sts.COMMAND_READY && wasActive && l != 4) {
                            clean[l] = true;
                        } else if ((value & Sts.TPM_GO) != 0) {
                            clean[l] = false;
                        }
                    }
                } else {
                    long v = device.read(offset, size);
                    if (offset >= 0 && offset < TisDevice.SIZE && (size == 1 || size == 2 || size == 4 || size == 8)) {
                        int l = (int) (offset >>> 12);
                        int reg = (int) (offset & 0xFFF);
                        if (reg == 0x18 && size >= 4 && (v & 0xFFFF_FFFFL) != 0xFFFF_FFFFL) {
                            int burst = (int) (v >>> 8) & 0xFFFF;
                            assertTrue(burst <= device.bufferSize(), "burstCount " + burst + " at op " + op);
                        }
                        // the FIFO bytes of this read: a whole access, or one dword of an 8-byte one
                        int[] dwordRegs = size == 8 ? new int[] {reg, reg + 4} : new int[] {reg};
                        for (int d = 0; d < dwordRegs.length; d++) {
                            int r = dwordRegs[d];
                            boolean fifo = (r >= 0x24 && r < 0x28) || (r >= 0x80 && r < 0xC0);
                            if (!fifo) {
                                continue;
                            }
                            int n = size == 8 ? 4 : size;
                            long bytes = size == 8 ? v >>> (32 * d) : v;
                            for (int i = 0; i < n; i++) {
                                int b = (int) (bytes >>> (8 * i)) & 0xFF;
                                if (b >= 0xA0 && b <= 0xA4) {
                                    responseBytesSeen++;
                                    assertEquals(0xA0 + l, b, "locality " + l + " read a response of locality " + (b - 0xA0) + " at op " + op);
                                }
                                if (clean[l]) {
                                    assertEquals(0xFF, b, "stale response byte after commandReady at op " + op);
                                }
                            }
                        }
                    }
                }
                if ((op & 7) == 0) {
                    int active = 0;
                    for (int l = 0; l < GUEST_LOCALITIES; l++) {
                        if ((device.read((long) l * TisDevice.LOCALITY_STRIDE, 1) & Access.ACTIVE_LOCALITY) != 0) {
                            active++;
                            assertEquals(l, device.activeLocality());
                        }
                    }
                    assertTrue(device.activeLocality() < GUEST_LOCALITIES, "the guest took locality 4 at op " + op);
                    assertTrue(active <= 1, active + " localities active at op " + op);
                }
            }
        }
        return responseBytesSeen;
    }

    @Test
    void twoVcpusHammeringAtOnceBreakNothing() throws Exception {
        TpmBackend tpm = localityTagging(new AtomicLong());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (TisDevice device = new TisDevice(tpm)) {
            Thread[] vcpus = new Thread[2];
            for (int t = 0; t < vcpus.length; t++) {
                long seed = 77 + t;
                vcpus[t] = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    try {
                        for (int op = 0; op < 200_000; op++) {
                            long offset = (long) random.nextInt(TisDevice.LOCALITIES) * TisDevice.LOCALITY_STRIDE
                                    + HOT_OFFSETS[random.nextInt(HOT_OFFSETS.length)];
                            int size = SIZES[random.nextInt(SIZES.length)];
                            if (random.nextBoolean()) {
                                device.write(offset, size, randomValue(random, offset));
                            } else {
                                device.read(offset, size);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "vcpu-" + t);
                vcpus[t].start();
            }
            for (Thread t : vcpus) {
                t.join(60_000);
            }
            assertEquals(List.of(), failures);
            int active = 0;
            for (int l = 0; l < GUEST_LOCALITIES; l++) {
                if ((device.read((long) l * TisDevice.LOCALITY_STRIDE, 1) & Access.ACTIVE_LOCALITY) != 0) {
                    active++;
                }
            }
            assertTrue(device.activeLocality() < GUEST_LOCALITIES);
            assertTrue(active <= 1);
        }
    }

    private static long randomValue(SplittableRandom random, long offset) {
        int reg = (int) (offset & 0xFFF);
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> 1L << random.nextInt(32);
            default -> switch (reg & ~3) {
                case 0x000 -> new int[] {Access.REQUEST_USE, Access.ACTIVE_LOCALITY, Access.SEIZE, Access.BEEN_SEIZED}[random.nextInt(4)];
                case 0x018 -> new int[] {Sts.COMMAND_READY, Sts.TPM_GO, Sts.RESPONSE_RETRY, Sts.COMMAND_CANCEL,
                    Sts.RESET_ESTABLISHMENT_BIT}[random.nextInt(5)];
                default -> random.nextInt(256);
            };
        };
    }
}
