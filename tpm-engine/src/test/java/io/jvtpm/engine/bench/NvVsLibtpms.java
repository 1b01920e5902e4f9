package io.jvtpm.engine.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.testing.Peers;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.SwtpmClientBackend;
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
 * record before the response, and beside it swtpm on its file backend, which writes its state file
 * at each NV write too. Arguments: [iterations] [warm-up] [durable-write iterations] [rounds].
 */
public final class NvVsLibtpms {
    private static final int ORDINARY = 0x01000001;
    private static final int COUNTER = 0x01000002;
    private static final int RW = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.AUTHWRITE
            | TpmaNv.NO_DA;

    private NvVsLibtpms() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int durable = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        byte[] kib = new byte[1024];
        Arrays.fill(kib, (byte) 0x5a);
        AuthCommand pw = AuthCommand.emptyPassword();
        String[] names = {"NV_Read(1 KiB)", "NV_Write(1 KiB)", "NV_Write(same)", "NV_Increment", "NV_ReadPublic"};
        byte[][] define = {
            TpmNvCommands.defineSpace(TpmRh.OWNER, pw, new byte[0],
                    new NvPublic(ORDINARY, TpmAlgId.SHA256.value(), RW, new byte[0], 1024)),
            TpmNvCommands.defineSpace(TpmRh.OWNER, pw, new byte[0],
                    new NvPublic(COUNTER, TpmAlgId.SHA256.value(), TpmaNv.withType(RW, TpmNt.COUNTER), new byte[0], 8)),
            TpmNvCommands.write(ORDINARY, ORDINARY, pw, kib, 0),
            TpmNvCommands.increment(COUNTER, COUNTER, pw),
        };
        byte[] other = kib.clone();
        Arrays.fill(other, (byte) 0xa5);
        // the writes alternate two contents: a write of what is there already is not written (in both TPMs),
        // which the NV_Write(same) row shows
        byte[][][] cmds = {
            {TpmNvCommands.read(ORDINARY, ORDINARY, pw, 1024, 0)},
            {TpmNvCommands.write(ORDINARY, ORDINARY, pw, other, 0), TpmNvCommands.write(ORDINARY, ORDINARY, pw, kib, 0)},
            {TpmNvCommands.write(ORDINARY, ORDINARY, pw, kib, 0)},
            {TpmNvCommands.increment(COUNTER, COUNTER, pw)},
            {TpmNvCommands.readPublic(ORDINARY)},
        };
        // in memory: jvtpm and libtpms in turns, the best round of each, so that a load on the machine
        // during one of them does not decide the comparison
        double[] memory = filled(cmds.length);
        double[] theirs = new double[cmds.length];
        boolean lib = LibTpms.available();
        try (InProcessBackend tpm = InProcessBackend.inMemory(42); LibTpms libtpms = lib ? LibTpms.start() : null) {
            tpm.init();
            Function<byte[], byte[]> ours = c -> tpm.execute(0, c);
            setUp(ours, TpmCommands.startup(TpmSu.CLEAR), define);
            if (lib) {
                setUp(libtpms::process, TpmCommands.startup(TpmSu.CLEAR), define);
                Arrays.fill(theirs, Double.MAX_VALUE);
            }
            for (int round = 0; round < rounds; round++) {
                int w = round == 0 ? warmup : warmup / 10;
                min(memory, times(ours, c -> tpm.execute(0, c).length, cmds, iterations / rounds, w));
                if (lib) {
                    min(theirs, times(libtpms::process, libtpms::processNoCopy, cmds, iterations / rounds, w));
                }
            }
        }
        // synced to disk: jvtpm on a state directory, swtpm on its file backend (a unix socket round trip
        // more per command: its NV_ReadPublic and NV_Read show what that costs), in turns, the best round
        Path dir = Files.createTempDirectory("jvtpm-nv-bench");
        double[] disk = filled(cmds.length);
        double[] swtpm = new double[cmds.length];
        boolean sw = Peers.find("swtpm").isPresent();
        try (InProcessBackend tpm = InProcessBackend.open(dir.resolve("jvtpm"));
                Swtpm server = sw ? Swtpm.start(Files.createDirectory(dir.resolve("swtpm")), Swtpm.Power.STARTED)
                        : null;
                SwtpmClientBackend client = sw ? server.connect() : null) {
            tpm.init();
            Function<byte[], byte[]> ours = c -> tpm.execute(0, c);
            setUp(ours, TpmCommands.startup(TpmSu.CLEAR), define);
            Function<byte[], byte[]> theirsOnDisk = c -> client.execute(0, c);
            if (sw) {
                setUp(theirsOnDisk, null, define);
                Arrays.fill(swtpm, Double.MAX_VALUE);
            }
            for (int round = 0; round < rounds; round++) {
                int n = Math.max(1, durable / rounds);
                min(disk, times(ours, c -> tpm.execute(0, c).length, cmds, n, n / 10));
                if (sw) {
                    min(swtpm, times(theirsOnDisk, c -> client.execute(0, c).length, cmds, n, n / 10));
                }
            }
        } finally {
            delete(dir);
        }
        System.out.printf("%-18s %12s %12s %8s   %14s %14s%n", "command", "jvtpm mem us", "libtpms us", "speedup",
                "jvtpm disk us", "swtpm disk us");
        for (int i = 0; i < cmds.length; i++) {
            System.out.printf("%-18s %12.3f %12s %8s   %14.3f %14s%n", names[i], memory[i],
                    theirs[i] == 0 ? "n/a" : String.format("%.3f", theirs[i]),
                    theirs[i] == 0 ? "n/a" : String.format("%.2fx", theirs[i] / memory[i]), disk[i],
                    swtpm[i] == 0 ? "n/a" : String.format("%.1f", swtpm[i]));
        }
        System.out.printf("(in memory: the best of %d rounds of %d iterations, jvtpm and libtpms in process in turns;"
                + " disk: the best of %d rounds of %d iterations on a state directory, every NV write synced before the"
                + " response, jvtpm and swtpm (its file backend over its unix socket) in turns; speedup: libtpms / jvtpm"
                + " in memory)%n", rounds, iterations / rounds, rounds, Math.max(1, durable / rounds));
    }

    private static void setUp(Function<byte[], byte[]> process, byte[] startup, byte[][] define) {
        if (startup != null) {
            EngineVsLibtpms.check(process.apply(startup));
        }
        for (byte[] s : define) {
            EngineVsLibtpms.check(process.apply(s));
        }
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.MAX_VALUE);
        return a;
    }

    private static void min(double[] best, double[] t) {
        for (int i = 0; i < best.length; i++) {
            best[i] = Math.min(best[i], t[i]);
        }
    }

    /** Microseconds per command of each row; a row of two commands runs them in turns. */
    private static double[] times(Function<byte[], byte[]> process, java.util.function.ToIntFunction<byte[]> timed,
            byte[][][] cmds, int iterations, int warmup) {
        double[] t = new double[cmds.length];
        for (int i = 0; i < cmds.length; i++) {
            final byte[][] c = cmds[i];
            for (byte[] each : c) {
                EngineVsLibtpms.check(process.apply(each));
            }
            int[] k = {0};
            t[i] = EngineVsLibtpms.time(x -> timed.applyAsInt(c[k[0]++ % c.length]), iterations, warmup);
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
