package io.jvtpm.engine.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.crypto.OrderedSearch;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.function.IntFunction;

/**
 * Benchmark of key commands (TPM 2.0 Library Part 3, 24.1 CreatePrimary, 20.2 Sign with RSASSA,
 * ECDSA, EC-Schnorr, and 19.2 Commit with the ECDAA Sign that completes it) through
 * {@link InProcessBackend} and through libtpms in-process (JNA), same command bytes, printing
 * milliseconds per command. CreatePrimary is timed twice: "new" varies the template's unique
 * field every time (a full derivation: RSA prime search, ECC scalar), "same" repeats one
 * template (what re-creating an EK or SRK costs). Each CreatePrimary is followed by FlushContext.
 * The RSA prime search runs on several threads, so its process CPU time is printed too.
 * Arguments: [iterations for RSA derivations] [iterations for the rest].
 */
public final class KeysVsLibtpms {
    private static final int OWNER = 0x40000001;

    private KeysVsLibtpms() {
    }

    interface Tpm {
        byte[] run(byte[] command);
    }

    /** The empty password with continueSession, as tpm2-tools sends it. */
    private static final AuthCommand PASSWORD = new AuthCommand(TpmRh.RS_PW.value(), new byte[0],
            TpmaSession.CONTINUE_SESSION, new byte[0]);

    private static byte[] command(int cc, int handle, boolean pw, byte[] params) {
        CommandBuilder b = CommandBuilder.of(cc);
        if (handle != 0) {
            b.handle(handle);
        }
        if (pw) {
            b.auth(PASSWORD);
        }
        return b.bytes(params).build();
    }

    /** A CreatePrimary command for an RSA-2048 or ECC P-256 key with a 4-byte unique value. */
    private static byte[] createPrimary(boolean rsa, boolean signing, int unique) {
        TpmWriter t = new TpmWriter(128);
        int attrs = signing ? 0x00040072 : 0x00030072;
        byte[] u = {(byte) (unique >>> 24), (byte) (unique >>> 16), (byte) (unique >>> 8), (byte) unique};
        if (rsa) {
            t.u16(0x0001).u16(0x000B).u32(attrs).u16(0);
            if (signing) {
                t.u16(0x0010).u16(0x0014).u16(0x000B);
            } else {
                t.u16(0x0006).u16(128).u16(0x0043).u16(0x0010);
            }
            t.u16(2048).u32(0).tpm2b(u);
        } else {
            t.u16(0x0023).u16(0x000B).u32(attrs).u16(0);
            if (signing) {
                t.u16(0x0010).u16(0x0018).u16(0x000B);
            } else {
                t.u16(0x0006).u16(128).u16(0x0043).u16(0x0010);
            }
            t.u16(0x0003).u16(0x0010).tpm2b(u).u16(0);
        }
        TpmWriter p = new TpmWriter(256);
        p.u16(4).u16(0).u16(0).tpm2b(t.toByteArray()).u16(0).u32(0);
        return command(TpmCc.CREATE_PRIMARY.value(), OWNER, true, p.toByteArray());
    }

    private static final byte[] FLUSH_FIRST = command(TpmCc.FLUSH_CONTEXT.value(), 0, false, new byte[] {(byte) 0x80, 0, 0, 0});

    private static byte[] sign() {
        return sign(0x0010, -1);
    }

    /** Sign of a zero SHA-256 digest by the first object with {@code scheme} (and ECDAA's count). */
    private static byte[] sign(int scheme, int count) {
        TpmWriter p = new TpmWriter(64);
        p.tpm2b(new byte[32]).u16(scheme);
        if (scheme != 0x0010) {
            p.u16(0x000B);
        }
        if (count >= 0) {
            p.u16(count);
        }
        p.u16(0x8024).u32(0x40000007).u16(0);
        return command(TpmCc.SIGN.value(), 0x80000000, true, p.toByteArray());
    }

    /** A CreatePrimary command for an ECC signing key on {@code curve} with {@code scheme} (SHA-256). */
    private static byte[] createEccPrimary(int curve, int scheme) {
        TpmWriter t = new TpmWriter(128);
        t.u16(0x0023).u16(0x000B).u32(0x00040072).u16(0).u16(0x0010).u16(scheme).u16(0x000B);
        if (scheme == 0x001A) {
            t.u16(0);
        }
        t.u16(curve).u16(0x0010).u16(0).u16(0);
        TpmWriter p = new TpmWriter(256);
        p.u16(4).u16(0).u16(0).tpm2b(t.toByteArray()).u16(0).u32(0);
        return command(TpmCc.CREATE_PRIMARY.value(), OWNER, true, p.toByteArray());
    }

    private static final byte[] COMMIT = command(TpmCc.COMMIT.value(), 0x80000000, true,
            new byte[] {0, 4, 0, 0, 0, 0, 0, 0, 0, 0});

    /** Milliseconds per TPM2_Commit followed by the ECDAA Sign that uses its counter. */
    private static double timeEcdaa(Tpm tpm, int iterations, int warmup) {
        long t0 = 0;
        for (int i = -warmup; i < iterations; i++) {
            if (i == 0) {
                t0 = System.nanoTime();
            }
            int counter = io.jvtpm.engine.wire.TpmResponse.parse(ok(tpm, COMMIT)).read(0, rd -> {
                for (int k = 0; k < 3; k++) {
                    rd.skip(rd.u16());
                }
                return rd.u16();
            });
            ok(tpm, sign(0x001A, counter));
        }
        return (System.nanoTime() - t0) / 1e6 / iterations;
    }

    private static int rc(byte[] r) {
        return ((r[6] & 0xFF) << 24) | ((r[7] & 0xFF) << 16) | ((r[8] & 0xFF) << 8) | (r[9] & 0xFF);
    }

    private static byte[] ok(Tpm tpm, byte[] c) {
        byte[] r = tpm.run(c);
        for (int i = 0; i < 10 && rc(r) == 0x922; i++) {
            r = tpm.run(c);
        }
        if (rc(r) != 0) {
            throw new IllegalStateException(String.format("benchmark command failed: rc 0x%x", rc(r)));
        }
        return r;
    }

    /** Milliseconds per operation of {@code op(i)} after {@code warmup} runs. */
    private static double time(Tpm tpm, IntFunction<byte[]> op, boolean flush, int iterations, int warmup) {
        for (int i = 0; i < warmup; i++) {
            ok(tpm, op.apply(-1 - i));
            if (flush) {
                ok(tpm, FLUSH_FIRST);
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            ok(tpm, op.apply(i));
            if (flush) {
                ok(tpm, FLUSH_FIRST);
            }
        }
        return (System.nanoTime() - t0) / 1e6 / iterations;
    }

    private static double[] run(Tpm tpm, int slow, int fast) {
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        ok(tpm, TpmCommands.selfTest(true));
        double[] r = new double[9];
        long cpu0 = processCpuNanos();
        r[0] = time(tpm, i -> createPrimary(true, false, i), true, slow, 2);
        r[6] = (processCpuNanos() - cpu0) / 1e6 / (slow + 2);
        r[1] = time(tpm, i -> createPrimary(true, false, 7), true, fast, 5);
        r[2] = time(tpm, i -> createPrimary(false, false, i), true, fast, 50);
        r[3] = time(tpm, i -> createPrimary(false, false, 7), true, fast, 50);
        ok(tpm, createPrimary(true, true, 1));
        byte[] s = sign();
        r[4] = time(tpm, i -> s, false, fast, 50);
        ok(tpm, FLUSH_FIRST);
        ok(tpm, createPrimary(false, true, 1));
        r[5] = time(tpm, i -> s, false, fast, 200);
        ok(tpm, FLUSH_FIRST);
        ok(tpm, createEccPrimary(0x0003, 0x001C));
        r[7] = time(tpm, i -> s, false, fast, 200);
        ok(tpm, FLUSH_FIRST);
        ok(tpm, createEccPrimary(0x0010, 0x001A));
        r[8] = timeEcdaa(tpm, fast, 100);
        ok(tpm, FLUSH_FIRST);
        return r;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        int slow = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int fast = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String[] names = {"CreatePrimary RSA-2048 new", "CreatePrimary RSA-2048 same", "CreatePrimary P-256 new",
            "CreatePrimary P-256 same", "Sign RSASSA-2048", "Sign ECDSA P-256", "  RSA-2048 new: CPU ms (all threads)",
            "Sign EC-Schnorr P-256", "Commit + Sign ECDAA BN P256"};
        double[] ours;
        try (InProcessBackend tpm = InProcessBackend.inMemory(42)) {
            tpm.init();
            ours = run(c -> tpm.execute(0, c), slow, fast);
        }
        double[] theirs = null;
        if (LibTpms.available()) {
            try (LibTpms lib = LibTpms.start()) {
                theirs = run(lib::process, slow, fast);
            }
        }
        System.out.printf("%-30s %12s %12s%n", "command", "jvtpm ms", "libtpms ms");
        for (int i = 0; i < names.length; i++) {
            System.out.printf("%-30s %12.3f %12s%n", names[i], ours[i],
                    theirs == null ? "n/a" : String.format("%.3f", theirs[i]));
        }
        System.out.printf("(RSA derivations: %d iterations; others: %d; CreatePrimary includes its FlushContext;"
                + " jvtpm tests prime candidates on %d threads)%n", slow, fast, OrderedSearch.DEFAULT_THREADS);
    }
}
