package io.jvtpm.engine.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.peer.LibTpms;
import java.util.HexFormat;
import java.util.function.ToIntFunction;

/**
 * Benchmark: the same command bytes through {@link InProcessBackend} and through libtpms
 * in-process (TPMLIB_Process via JNA), printing microseconds per command and the ratio.
 * Arguments: [iterations] [warm-up iterations].
 */
public final class EngineVsLibtpms {
    private EngineVsLibtpms() {
    }

    private static byte[] cmd(String hex) {
        byte[] c = HexFormat.of().parseHex(hex.replace(" ", ""));
        int n = c.length;
        c[2] = (byte) (n >>> 24);
        c[3] = (byte) (n >>> 16);
        c[4] = (byte) (n >>> 8);
        c[5] = (byte) n;
        return c;
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        String[] names = {"GetRandom(32)", "PCR_Extend(sha256)", "PCR_Read(sha256 #0)", "Hash(1 KiB, sha256)"};
        byte[][] cmds = {
            cmd("8001 00000000 0000017b 0020"),
            cmd("8002 00000000 00000182 00000010 00000009 40000009 0000 01 0000 00000001 000b"
                    + "00".repeat(32)),
            cmd("8001 00000000 0000017e 00000001 000b 03 010000"),
            cmd("8001 00000000 0000017d 0400 " + "5a".repeat(1024) + " 000b 40000001"),
        };
        byte[] startup = cmd("8001 00000000 00000144 0000");

        double[] ours = new double[cmds.length];
        double[] theirs = new double[cmds.length];
        try (InProcessBackend tpm = InProcessBackend.inMemory(42)) {
            tpm.init();
            check(tpm.execute(0, startup));
            for (int i = 0; i < cmds.length; i++) {
                final byte[] c = cmds[i];
                check(tpm.execute(0, c));
                ours[i] = time(x -> tpm.execute(0, c).length, iterations, warmup);
            }
        }
        if (LibTpms.available()) {
            try (LibTpms lib = LibTpms.start()) {
                check(lib.process(startup));
                for (int i = 0; i < cmds.length; i++) {
                    final byte[] c = cmds[i];
                    check(lib.process(c));
                    theirs[i] = time(x -> lib.processNoCopy(c), iterations, warmup);
                }
            }
        }
        System.out.printf("%-22s %12s %12s %8s%n", "command", "jvtpm us", "libtpms us", "speedup");
        for (int i = 0; i < cmds.length; i++) {
            System.out.printf("%-22s %12.3f %12s %8s%n", names[i], ours[i],
                    theirs[i] == 0 ? "n/a" : String.format("%.3f", theirs[i]),
                    theirs[i] == 0 ? "n/a" : String.format("%.2fx", theirs[i] / ours[i]));
        }
        System.out.printf("(%d iterations each after %d warm-up; libtpms response not copied to the JVM)%n",
                iterations, warmup);
    }

    private static void check(byte[] r) {
        int rc = ((r[6] & 0xFF) << 24) | ((r[7] & 0xFF) << 16) | ((r[8] & 0xFF) << 8) | (r[9] & 0xFF);
        if (rc != 0) {
            throw new IllegalStateException(String.format("benchmark command failed: rc 0x%x", rc));
        }
    }

    private static double time(ToIntFunction<Void> op, int iterations, int warmup) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += op.applyAsInt(null);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += op.applyAsInt(null);
        }
        long t1 = System.nanoTime();
        if (sink == 42) {
            System.out.print("");
        }
        return (t1 - t0) / 1000.0 / iterations;
    }
}
