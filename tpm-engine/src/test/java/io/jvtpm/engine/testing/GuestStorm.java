package io.jvtpm.engine.testing;

import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives a PTP register window ({@link TpmInterfaceDevice}) with a seeded random guest and
 * measures what a VMM cares about: the longest a single read or write took (a vCPU exit that waits
 * on the TPM shows up here, and one that does not return fails the run) and the host heap after a
 * collection at checkpoints through the run.
 * The guest itself, which offsets and values it favours, is the device's test's: a
 * {@link Guest} makes one or more accesses per move through the {@link Access} it is given.
 */
public final class GuestStorm {

    /** The timed view of the device a guest makes its accesses through. */
    public interface Access {
        /** A timed {@link TpmInterfaceDevice#read}. */
        long read(long offset, int size);

        /** A timed {@link TpmInterfaceDevice#write}. */
        void write(long offset, int size, long value);
    }

    /** One move of the random guest: any number of accesses. */
    @FunctionalInterface
    public interface Guest {
        void move(Access access, SplittableRandom random);
    }

    /**
     * What a run measured.
     *
     * @param accesses     reads and writes made
     * @param maxNanos     the longest single access
     * @param slowestAt    the offset of that access
     * @param heapBaseline used heap after a collection at the first checkpoint (after warm-up)
     * @param heapMax      the most used heap after a collection at any later checkpoint
     * @param seconds      the run's duration
     */
    public record Report(long accesses, long maxNanos, long slowestAt, long heapBaseline, long heapMax, double seconds) {
        /** How far the heap grew past the baseline, in bytes (0 when it shrank). */
        public long heapGrowth() {
            return Math.max(0, heapMax - heapBaseline);
        }

        @Override
        public String toString() {
            return String.format("%,d accesses in %.1f s, slowest %.3f ms at 0x%x, heap %,d -> max %,d bytes (+%,d)",
                    accesses, seconds, maxNanos / 1e6, slowestAt, heapBaseline, heapMax, heapGrowth());
        }
    }

    /**
     * A guest of a register window with {@code localities} pages of {@code localityStride} bytes
     * ({@code size} in all): each move is a command sequence ({@code sequencePercent} of the moves)
     * or one access of a size from {@code sizes}, three in four to a {@code hot} offset of a random
     * locality's page, most others anywhere in that page, a few anywhere around the window. A
     * write's value is random one time in four, else what {@code values} gives for the register
     * (the offset in its page).
     */
    public static final class RegisterGuest implements Guest {
        /** A device's command sequence at {@code locality}: request, command, start, polls, maybe cancel. */
        @FunctionalInterface
        public interface Sequence {
            void run(Access access, SplittableRandom random, int locality);
        }

        /** A value worth writing to the register at {@code register} (an offset in a locality's page). */
        @FunctionalInterface
        public interface Values {
            long value(SplittableRandom random, int register);
        }

        private final int localities;
        private final int localityStride;
        private final long size;
        private final int[] hot;
        private final int[] sizes;
        private final int sequencePercent;
        private final Values values;
        private final Sequence sequence;
        private long sequences;

        public RegisterGuest(int localities, int localityStride, long size, int[] hot, int[] sizes,
                             int sequencePercent, Values values, Sequence sequence) {
            this.localities = localities;
            this.localityStride = localityStride;
            this.size = size;
            this.hot = hot.clone();
            this.sizes = sizes.clone();
            this.sequencePercent = sequencePercent;
            this.values = values;
            this.sequence = sequence;
        }

        /** Command sequences run so far. */
        public long sequences() {
            return sequences;
        }

        @Override
        public void move(Access access, SplittableRandom random) {
            int locality = random.nextInt(localities);
            long page = (long) locality * localityStride;
            if (random.nextInt(100) < sequencePercent) {
                sequences++;
                sequence.run(access, random, locality);
                return;
            }
            int pick = random.nextInt(100);
            long offset = pick < 75 ? page + hot[random.nextInt(hot.length)]
                    : pick < 95 ? page + random.nextInt(localityStride)
                    : random.nextLong(-8, size + 8);
            int width = sizes[random.nextInt(sizes.length)];
            if (random.nextBoolean()) {
                access.read(offset, width);
            } else {
                int register = (int) (offset & 0xFFF);
                access.write(offset, width, random.nextInt(4) == 0 ? random.nextLong() : values.value(random, register));
            }
        }
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private GuestStorm() {
    }

    /**
     * Lets {@code guest} make at least {@code accesses} accesses to {@code device}, seeded with
     * {@code seed}, on a thread of its own (the vCPU), measuring the heap at {@code checkpoints}
     * evenly spaced points (the first is the baseline). An access still in the device after
     * {@code hangNanos} fails the run at once with an {@link AssertionError} naming it; whatever
     * the device throws fails it too.
     */
    public static Report run(TpmInterfaceDevice device, long seed, long accesses, int checkpoints, long hangNanos,
                             Guest guest) throws InterruptedException {
        Objects.requireNonNull(device, "device");
        if (checkpoints < 2) {
            throw new IllegalArgumentException("at least two checkpoints: a baseline and one to compare");
        }
        Timed timed = new Timed(device);
        AtomicReference<Report> report = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread vcpu = new Thread(() -> {
            try {
                report.set(storm(timed, seed, accesses, checkpoints, guest));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "guest-storm-vcpu");
        vcpu.setDaemon(true);
        vcpu.start();
        while (vcpu.isAlive()) {
            vcpu.join(TimeUnit.NANOSECONDS.toMillis(hangNanos) / 4 + 1);
            long since = timed.inAccessSince;
            if (vcpu.isAlive() && since != 0 && System.nanoTime() - since > hangNanos) {
                throw new AssertionError(String.format("a guest access at 0x%x has waited %.1f s in the device (after %,d accesses)",
                        timed.currentOffset, (System.nanoTime() - since) / 1e9, timed.count));
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("the guest storm failed after " + timed.count + " accesses", failure.get());
        }
        return report.get();
    }

    private static Report storm(Timed timed, long seed, long accesses, int checkpoints, Guest guest) {
        SplittableRandom random = new SplittableRandom(seed);
        long every = Math.max(1, accesses / checkpoints);
        long next = every;
        long baseline = -1;
        long heapMax = 0;
        long start = System.nanoTime();
        while (timed.count < accesses) {
            guest.move(timed, random);
            if (timed.count >= next) {
                next += every;
                long used = usedHeapAfterGc();
                if (baseline < 0) {
                    baseline = used;
                } else {
                    heapMax = Math.max(heapMax, used);
                }
            }
        }
        heapMax = Math.max(heapMax, usedHeapAfterGc());
        return new Report(timed.count, timed.maxNanos, timed.slowestAt, baseline, heapMax,
                (System.nanoTime() - start) / 1e9);
    }

    /** Used heap after asking for a full collection (twice: what a finalizer freed goes too). */
    public static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static final class Timed implements Access {
        private final TpmInterfaceDevice device;
        volatile long count;
        long maxNanos;
        long slowestAt;
        /** When the access now in the device began; 0 between accesses. */
        volatile long inAccessSince;
        volatile long currentOffset;

        Timed(TpmInterfaceDevice device) {
            this.device = device;
        }

        @Override
        public long read(long offset, int size) {
            long t0 = begin(offset);
            long v = device.read(offset, size);
            took(System.nanoTime() - t0, offset);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            long t0 = begin(offset);
            device.write(offset, size, value);
            took(System.nanoTime() - t0, offset);
        }

        private long begin(long offset) {
            long t0 = System.nanoTime();
            currentOffset = offset;
            inAccessSince = t0;
            return t0;
        }

        private void took(long nanos, long offset) {
            inAccessSince = 0;
            count++;
            if (nanos > maxNanos) {
                maxNanos = nanos;
                slowestAt = offset;
            }
        }
    }
}
