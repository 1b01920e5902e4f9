package io.jvtpm.engine.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Benchmark: the same command bytes through {@link InProcessBackend} and through libtpms
 * in-process (TPMLIB_Process via JNA), printing microseconds per command and the ratio.
 * Arguments: [iterations] [warm-up iterations].
 */
public final class EngineVsLibtpms {
    private EngineVsLibtpms() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        String[] names = {"GetRandom(32)", "PCR_Extend(sha256)", "PCR_Read(sha256 #0)", "Hash(1 KiB, sha256)"};
        byte[] kib = new byte[1024];
        Arrays.fill(kib, (byte) 0x5a);
        byte[][] cmds = {
            TpmCommands.getRandom(32),
            TpmCommands.pcrExtend(16, List.of(new TaggedHash(HashAlgorithm.SHA256, new byte[32]))),
            TpmCommands.pcrRead(HashAlgorithm.SHA256, 0),
            CommandBuilder.of(TpmCc.HASH).tpm2b(kib).u16(HashAlgorithm.SHA256.id()).u32(TpmRh.OWNER.value()).build(),
        };
        byte[] startup = TpmCommands.startup(TpmSu.CLEAR);

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

    static void check(byte[] r) {
        int rc = TpmWire.responseCode(r);
        if (rc != 0) {
            throw new IllegalStateException(String.format("benchmark command failed: rc 0x%x", rc));
        }
    }

    static double time(ToIntFunction<Void> op, int iterations, int warmup) {
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
