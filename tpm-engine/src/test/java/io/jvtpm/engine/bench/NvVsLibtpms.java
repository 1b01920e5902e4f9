package io.jvtpm.engine.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmaNv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Benchmark of NV storage (TPM 2.0 Library Part 3, 31): NV_Read and NV_Write of 1 KiB,
 * NV_Increment and NV_ReadPublic, the same command bytes through jvtpm's engine and libtpms in
 * process, microseconds per command side by side. jvtpm runs twice: on the in-memory store
 * (the engine's own cost) and on a state directory, where each NV write is an atomic, synced
 * file write before the response. Arguments: [iterations] [warm-up] [durable-write iterations].
 */
public final class NvVsLibtpms {
    private static final int ORDINARY = 0x01000001;
    private static final int COUNTER = 0x01000002;
    private static final int RW = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.AUTHWRITE
            | TpmaNv.NO_DA;

    private NvVsLibtpms() {
    }

    public static void main(String[] args) throws IOException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int durable = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        byte[] kib = new byte[1024];
        Arrays.fill(kib, (byte) 0x5a);
        AuthCommand pw = AuthCommand.emptyPassword();
        String[] names = {"NV_Read(1 KiB)", "NV_Write(1 KiB)", "NV_Increment", "NV_ReadPublic"};
        byte[][] setup = {
            TpmCommands.startup(TpmSu.CLEAR),
            TpmNvCommands.defineSpace(TpmRh.OWNER, pw, new byte[0],
                    new NvPublic(ORDINARY, TpmAlgId.SHA256.value(), RW, new byte[0], 1024)),
            TpmNvCommands.defineSpace(TpmRh.OWNER, pw, new byte[0],
                    new NvPublic(COUNTER, TpmAlgId.SHA256.value(), TpmaNv.withType(RW, TpmNt.COUNTER), new byte[0], 8)),
            TpmNvCommands.write(ORDINARY, ORDINARY, pw, kib, 0),
            TpmNvCommands.increment(COUNTER, COUNTER, pw),
        };
        byte[][] cmds = {
            TpmNvCommands.read(ORDINARY, ORDINARY, pw, 1024, 0),
            TpmNvCommands.write(ORDINARY, ORDINARY, pw, kib, 0),
            TpmNvCommands.increment(COUNTER, COUNTER, pw),
            TpmNvCommands.readPublic(ORDINARY),
        };
        double[] memory = run(InProcessBackend.inMemory(42), setup, cmds, iterations, warmup);
        Path dir = Files.createTempDirectory("jvtpm-nv-bench");
        double[] disk;
        try {
            disk = run(InProcessBackend.open(dir), setup, cmds, durable, durable / 10);
        } finally {
            delete(dir);
        }
        double[] theirs = new double[cmds.length];
        if (LibTpms.available()) {
            try (LibTpms lib = LibTpms.start()) {
                theirs = times(lib::process, c -> lib.processNoCopy(c), setup, cmds, iterations, warmup);
            }
        }
        System.out.printf("%-18s %14s %14s %12s %8s%n", "command", "jvtpm mem us", "jvtpm disk us", "libtpms us",
                "speedup");
        for (int i = 0; i < cmds.length; i++) {
            System.out.printf("%-18s %14.3f %14.3f %12s %8s%n", names[i], memory[i], disk[i],
                    theirs[i] == 0 ? "n/a" : String.format("%.3f", theirs[i]),
                    theirs[i] == 0 ? "n/a" : String.format("%.2fx", theirs[i] / memory[i]));
        }
        System.out.printf("(%d iterations each after %d warm-up; disk: %d iterations on a state directory, every"
                + " NV write synced before the response; speedup: libtpms / jvtpm in memory)%n",
                iterations, warmup, durable);
    }

    private static double[] run(InProcessBackend tpm, byte[][] setup, byte[][] cmds, int iterations, int warmup) {
        try (tpm) {
            tpm.init();
            return times(c -> tpm.execute(0, c), c -> tpm.execute(0, c).length, setup, cmds, iterations, warmup);
        }
    }

    private static double[] times(Function<byte[], byte[]> process, java.util.function.ToIntFunction<byte[]> timed,
            byte[][] setup, byte[][] cmds, int iterations, int warmup) {
        for (byte[] s : setup) {
            EngineVsLibtpms.check(process.apply(s));
        }
        double[] t = new double[cmds.length];
        for (int i = 0; i < cmds.length; i++) {
            final byte[] c = cmds[i];
            EngineVsLibtpms.check(process.apply(c));
            t[i] = EngineVsLibtpms.time(x -> timed.applyAsInt(c), iterations, warmup);
        }
        return t;
    }

    private static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
