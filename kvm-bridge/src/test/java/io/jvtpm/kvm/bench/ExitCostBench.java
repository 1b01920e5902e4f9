package io.jvtpm.kvm.bench;

import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.sys.KvmLayout;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The Java-side cost of one exit without KVM: decode a synthetic kvm_run, find the region on a bus holding 64
 * devices, call the handler, and store a read's value back. Prints ns per exit (best of several rounds).
 */
public final class ExitCostBench {
    private static final int ROUNDS = 7;
    private static final int EXITS = 2_000_000;

    private ExitCostBench() {
    }

    public static void main(String[] args) {
        MmioBus mmio = new MmioBus();
        PioBus pio = new PioBus();
        long[] sink = new long[1];
        for (int i = 0; i < 64; i++) {
            mmio.register("dev" + i, 0xFE000000L + i * 0x10000L, 0x5000, (o, s) -> o + s,
                    (o, s, v) -> sink[0] += v);
            pio.register("port" + i, 0x100 + i * 8, 8, (o, s) -> o, (o, s, v) -> sink[0] += v);
        }
        ExitDispatcher d = new ExitDispatcher(mmio, pio);
        ByteBuffer mmioRead = run();
        mmioRead.putInt(KvmLayout.RUN_EXIT_REASON, 6);
        mmioRead.putLong(KvmLayout.RUN_MMIO_PHYS_ADDR, 0xFE000000L + 37 * 0x10000L + 0x18);
        mmioRead.putInt(KvmLayout.RUN_MMIO_LEN, 4);
        ByteBuffer mmioWrite = run();
        mmioWrite.putInt(KvmLayout.RUN_EXIT_REASON, 6);
        mmioWrite.putLong(KvmLayout.RUN_MMIO_PHYS_ADDR, 0xFE000000L + 12 * 0x10000L + 0x24);
        mmioWrite.putInt(KvmLayout.RUN_MMIO_LEN, 1);
        mmioWrite.put(KvmLayout.RUN_MMIO_IS_WRITE, (byte) 1);
        mmioWrite.putLong(KvmLayout.RUN_MMIO_DATA, 0x20);
        ByteBuffer ioOut = run();
        ioOut.putInt(KvmLayout.RUN_EXIT_REASON, 2);
        ioOut.put(KvmLayout.RUN_IO_DIRECTION, (byte) 1);
        ioOut.put(KvmLayout.RUN_IO_SIZE, (byte) 1);
        ioOut.putShort(KvmLayout.RUN_IO_PORT, (short) 0x1F2);
        ioOut.putInt(KvmLayout.RUN_IO_COUNT, 1);
        ioOut.putLong(KvmLayout.RUN_IO_DATA_OFFSET, 4096);
        ByteBuffer ioIn = run();
        ioIn.put(KvmLayout.RUN_IO_DIRECTION, (byte) 0);
        ioIn.putInt(KvmLayout.RUN_EXIT_REASON, 2);
        ioIn.put(KvmLayout.RUN_IO_SIZE, (byte) 4);
        ioIn.putShort(KvmLayout.RUN_IO_PORT, (short) 0x1F4);
        ioIn.putInt(KvmLayout.RUN_IO_COUNT, 1);
        ioIn.putLong(KvmLayout.RUN_IO_DATA_OFFSET, 4096);
        String[] names = {"MMIO read (4 bytes)", "MMIO write (1 byte)", "port OUT (1 byte)", "port IN (4 bytes)"};
        ByteBuffer[] runs = {mmioRead, mmioWrite, ioOut, ioIn};
        for (int i = 0; i < runs.length; i++) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < EXITS; k++) {
                    d.dispatch(runs[i]);
                }
                best = Math.min(best, (System.nanoTime() - t0) / (double) EXITS);
            }
            System.out.printf(Locale.ROOT, "exit decode+dispatch, %-20s %7.1f ns/exit%n", names[i], best);
        }
        if (sink[0] == 42) {
            System.out.println();
        }
    }

    private static ByteBuffer run() {
        return ByteBuffer.allocateDirect(3 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    }
}
