package io.jvtpm.crb.bench;

import io.jvtpm.crb.CrbDevice;
import io.jvtpm.crb.CrbOptions;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import java.util.Locale;

/**
 * Figures for the CRB device (PC Client Platform TPM Profile section 6.5.3 model): nanoseconds per
 * register and buffer access, and a whole TPM2_GetRandom(32) driven the way Linux's tpm_crb drives
 * it, beside the bare engine call, once with commands run on the writing thread (the device's own
 * cost) and once on the device's command thread (what a vCPU sees). Run by bench/crb-device.sh.
 * Times are this thread's CPU time (the machine may be shared), except the last figure, which
 * crosses threads and is wall-clock. Arguments: [seconds per figure, default 2].
 */
public final class CrbBench {

    private static volatile long sink;

    private CrbBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        byte[] getRandom = TpmCommands.getRandom(32);
        try (InProcessBackend tpm = InProcessBackend.inMemory(1)) {
            tpm.setBufferSize(CrbDevice.DATA_BUFFER_MAX);
            tpm.init();
            byte[] startup = TpmCommands.startup(TpmSu.CLEAR);
            tpm.execute(0, startup);

            try (CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(Runnable::run))) {
                dev.reset();
                dev.write(0x08, 4, 1);
                dev.write(0x40, 4, 1);
                print("read LOC_STATE (4 bytes)", perOp(seconds, registerReads(dev, 0x00)), "ns");
                print("read CTRL_START (4 bytes)", perOp(seconds, registerReads(dev, 0x4C)), "ns");
                print("write CTRL_CANCEL (4 bytes)", perOp(seconds, n -> {
                    for (long i = 0; i < n; i++) {
                        dev.write(0x48, 4, 0);
                    }
                }), "ns");
                print("read buffer (8 bytes)", perOp(seconds, n -> {
                    long s = 0;
                    for (long i = 0; i < n; i++) {
                        s += dev.read(0x80 + (i & 0x3F) * 8, 8);
                    }
                    sink = s;
                }), "ns");
                print("write buffer (4 bytes)", perOp(seconds, n -> {
                    for (long i = 0; i < n; i++) {
                        dev.write(0x80 + (i & 0x3F) * 4, 4, i);
                    }
                }), "ns");
                dev.write(0x40, 4, 2);
                dev.write(0x08, 4, 2);

                // The device's own cost: a backend that answers at once with a canned response.
                byte[] canned = tpm.execute(0, getRandom);
                TpmBackend instant = (locality, command) -> canned;   // isolates the device's cost
                try (CrbDevice bare = new CrbDevice(instant, CrbOptions.defaults().withExecutor(Runnable::run))) {
                    bare.reset();
                    print("one command through CRB, Linux sequence (22 accesses), instant TPM", perOp(seconds, transactions(bare, getRandom)) / 1000, "us");
                }

                // The engine beside the same command through CRB, in alternating rounds (median).
                int rounds = 5;
                double[] direct = new double[rounds];
                double[] viaCrb = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    direct[r] = perOp(seconds / 2, n -> {
                        long s = 0;
                        for (long i = 0; i < n; i++) {
                            s += tpm.execute(0, getRandom).length;
                        }
                        sink = s;
                    });
                    viaCrb[r] = perOp(seconds / 2, transactions(dev, getRandom));
                }
                double bareMedian = median(direct);
                double crbMedian = median(viaCrb);
                print("GetRandom(32), bare engine call (median of " + rounds + ")", bareMedian / 1000, "us");
                print("GetRandom(32) through CRB on the vCPU thread (median of " + rounds + ")", crbMedian / 1000, "us");
                print("  difference", (crbMedian - bareMedian) / 1000, "us");
            }
            try (CrbDevice dev = new CrbDevice(tpm)) {
                dev.reset();
                double threaded = perOpWall(seconds, transactions(dev, getRandom));
                print("GetRandom(32) through CRB, default options (quick path, own command thread), wall clock", threaded / 1000, "us");
            }
        }
    }

    /**
     * One command as Linux 6.1's tpm_crb makes it (see the reference MMIO trace): request locality,
     * cmdReady, the command into the buffer, CTRL_CANCEL=0, CTRL_START, poll CTRL_START, read
     * CTRL_CANCEL and CTRL_STS, the response header then the rest, goIdle, relinquish.
     */
    static int linuxTransaction(CrbDevice dev, byte[] cmd) {
        dev.write(0x08, 4, 1);
        if ((dev.read(0x00, 4) & 0x82) != 0x82) {
            throw new IllegalStateException("locality not granted");
        }
        dev.write(0x40, 4, 1);
        dev.read(0x40, 4);
        for (int i = 0; i < cmd.length; i += 4) {
            long v = (cmd[i] & 0xFFL) | (cmd[i + 1] & 0xFFL) << 8 | (cmd[i + 2] & 0xFFL) << 16 | (cmd[i + 3] & 0xFFL) << 24;
            dev.write(0x80 + i, 4, v);
        }
        dev.write(0x48, 4, 0);
        dev.write(0x4C, 4, 1);
        while (dev.read(0x4C, 4) != 0) {
            Thread.onSpinWait();
        }
        dev.read(0x48, 4);
        if (dev.read(0x44, 4) != 0) {
            throw new IllegalStateException("CTRL_STS error");
        }
        long head = dev.read(0x80, 8);
        int size = Integer.reverseBytes((int) (head >>> 16));
        long s = 0;
        for (int i = 8; i < size; i += 8) {
            s += dev.read(0x80 + i, 8);
        }
        dev.write(0x40, 4, 2);
        dev.read(0x40, 4);
        dev.write(0x08, 4, 2);
        dev.read(0x00, 4);
        return size + (int) (s & 1);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    /** 4-byte reads of the register at {@code offset}. */
    private static Loop registerReads(CrbDevice dev, long offset) {
        return n -> {
            long s = 0;
            for (long i = 0; i < n; i++) {
                s += dev.read(offset, 4);
            }
            sink = s;
        };
    }

    /** Whole commands in Linux's sequence ({@link #linuxTransaction}). */
    private static Loop transactions(CrbDevice dev, byte[] cmd) {
        return n -> {
            long s = 0;
            for (long i = 0; i < n; i++) {
                s += linuxTransaction(dev, cmd);
            }
            sink = s;
        };
    }

    @FunctionalInterface
    private interface Loop {
        void run(long n);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Nanoseconds of this thread's CPU time per operation (the machine may be shared, so wall
     * time would count other processes): warm up, then size the batch to fill {@code seconds}.
     */
    private static double perOp(double seconds, Loop loop) {
        return measure(seconds, loop, THREADS::getCurrentThreadCpuTime);
    }

    /** Wall-clock nanoseconds per operation, for work that spans threads. */
    private static double perOpWall(double seconds, Loop loop) {
        return measure(seconds, loop, System::nanoTime);
    }

    private static double measure(double seconds, Loop loop, java.util.function.LongSupplier clock) {
        long n = 1000;
        long deadline = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < deadline) {
            loop.run(n);
        }
        long t0 = clock.getAsLong();
        loop.run(n);
        long t = clock.getAsLong() - t0;
        long target = (long) (seconds * 0.7e9);
        n = Math.max(n, (long) (n * (double) target / Math.max(t, 1)));
        t0 = clock.getAsLong();
        loop.run(n);
        return (double) (clock.getAsLong() - t0) / n;
    }

    private static void print(String what, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%-72s %10.3f %s", what, value, unit));
    }
}
