package io.jvtpm.engine.core;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link KillNineTest}: runs a TPM over a state directory and changes its
 * persistent state until it is killed, printing each change once the TPM has acknowledged it
 * (its response came, so the state is on disk): "auth N ok" (ownerAuth is now the decimal N,
 * empty for 0), "evict S ok" (the platform's persistent objects are those of step S, see
 * {@link #persistentAt}), "clock V ok" (ClockSet to V), "counter V ok" and "ocounter V ok"
 * (NV_Increment of the counter index {@link #COUNTER} and the ORDERLY one {@link #ORDERLY_COUNTER}
 * answered, the value read back V), "nvwrite W ok" (NV_Write of {@link #ORDINARY}: W in each of
 * its 4-octet words). Shutdown(STATE) with _TPM_Init and
 * Startup(STATE) ("resumed ok"), and STORE_VOLATILE, come in between. Arguments: the directory,
 * the current N and S, and optionally a number of rounds after which it ends. Prints "ready ok"
 * after its Startup and "error ..." when the TPM refuses a change.
 */
public final class StateChurn {
    /** The platform persistent handles the steps cycle through. */
    static final int FIRST_HANDLE = 0x81800010;
    static final int HANDLES = 4;
    /** The platform NV indices: a counter, an ORDERLY counter, a 64-octet ordinary index. */
    static final int COUNTER = 0x01C10001;
    static final int ORDERLY_COUNTER = 0x01C10002;
    static final int ORDINARY = 0x01C10003;
    static final int ORDINARY_SIZE = 64;

    private final InProcessBackend tpm;
    private final PrintStream out;

    private StateChurn(InProcessBackend tpm, PrintStream out) {
        this.tpm = tpm;
        this.out = out;
    }

    /** ownerAuth after change {@code n}. */
    static byte[] auth(int n) {
        return n == 0 ? new byte[0] : Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /** The platform persistent handle present after step {@code s}, or 0 for none (even steps). */
    static int persistentAt(int s) {
        return s % 2 == 0 ? 0 : FIRST_HANDLE + (s / 2) % HANDLES;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        int n = Integer.parseInt(args[1]);
        int step = Integer.parseInt(args[2]);
        try (InProcessBackend t = InProcessBackend.open(Path.of(args[0]))) {
            t.init(false);
            StateChurn c = new StateChurn(t, out);
            c.startup();
            int key = c.primaryKey();
            c.defineIndices();
            int w = c.lastWrite();
            out.println("ready ok");
            // with a fourth argument the child stops by itself after that many rounds (a warm-up run)
            int rounds = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
            for (int j = 0; j < rounds; j++) {
                c.expect(TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, auth(n), auth(n + 1)), "auth");
                n++;
                out.println("auth " + n + " ok");
                int next = step + 1;
                int handle = persistentAt(next);
                c.expect(handle != 0 ? evictControl(key, handle) : evictControl(persistentAt(step), persistentAt(step)),
                        "evict");
                step = next;
                out.println("evict " + step + " ok");
                out.println("counter " + c.increment(COUNTER) + " ok");
                out.println("ocounter " + c.increment(ORDERLY_COUNTER) + " ok");
                w++;
                c.expect(TpmNvCommands.write(TpmRh.PLATFORM.value(), ORDINARY, AuthCommand.emptyPassword(), words(w), 0),
                        "nv write");
                out.println("nvwrite " + w + " ok");
                if (j % 3 == 0) {
                    byte[] r = c.expect(TpmCommands.readClock(), "read clock");
                    long v = ByteBuffer.wrap(r).getLong(10 + 8) + 1_000_000_000L;
                    c.expect(CommandBuilder.of(TpmCc.CLOCK_SET).handle(TpmRh.PLATFORM).emptyPassword().u64(v).build(),
                            "clock");
                    out.println("clock " + v + " ok");
                }
                if (j % 3 == 2) {
                    t.storeVolatile();
                }
                if (j % 4 == 1) {
                    c.expect(TpmCommands.shutdown(TpmSu.STATE), "shutdown");
                    t.init(true);
                    c.expect(TpmCommands.startup(TpmSu.STATE), "resume");
                    // _TPM_Init flushed the transient key
                    key = c.primaryKey();
                    out.println("resumed ok");
                }
            }
        }
    }

    private void startup() {
        if (TpmTestSupport.rc(tpm.execute(0, TpmCommands.startup(TpmSu.STATE))) != 0) {
            expect(TpmCommands.startup(TpmSu.CLEAR), "startup");
        }
    }

    /** {@code w} in each 4-octet word of the ordinary index. */
    static byte[] words(int w) {
        ByteBuffer b = ByteBuffer.allocate(ORDINARY_SIZE);
        while (b.hasRemaining()) {
            b.putInt(w);
        }
        return b.array();
    }

    /** Defines the platform's NV indices unless an earlier child did. */
    private void defineIndices() {
        int attrs = TpmaNv.PPWRITE | TpmaNv.PPREAD | TpmaNv.PLATFORMCREATE | TpmaNv.NO_DA;
        NvPublic[] all = {
            new NvPublic(COUNTER, TpmAlgId.SHA256.value(), TpmaNv.withType(attrs, TpmNt.COUNTER), new byte[0], 8),
            new NvPublic(ORDERLY_COUNTER, TpmAlgId.SHA256.value(),
                    TpmaNv.withType(attrs | TpmaNv.ORDERLY, TpmNt.COUNTER), new byte[0], 8),
            new NvPublic(ORDINARY, TpmAlgId.SHA256.value(), attrs, new byte[0], ORDINARY_SIZE),
        };
        for (NvPublic p : all) {
            if (TpmTestSupport.rc(tpm.execute(0, TpmNvCommands.readPublic(p.nvIndex()))) != 0) {
                expect(TpmNvCommands.defineSpace(TpmRh.PLATFORM, AuthCommand.emptyPassword(), new byte[0], p),
                        "nv define");
            }
        }
    }

    /** The value of the ordinary index's first word, 0 before its first write. */
    private int lastWrite() {
        byte[] r = tpm.execute(0, TpmNvCommands.read(TpmRh.PLATFORM.value(), ORDINARY, AuthCommand.emptyPassword(),
                4, 0));
        return TpmTestSupport.rc(r) == 0 ? ByteBuffer.wrap(TpmResponse.parse(r).nvData()).getInt() : 0;
    }

    /** NV_Increment of counter {@code h}, then its value. */
    private long increment(int h) {
        expect(TpmNvCommands.increment(TpmRh.PLATFORM.value(), h, AuthCommand.emptyPassword()), "nv increment");
        byte[] r = expect(TpmNvCommands.read(TpmRh.PLATFORM.value(), h, AuthCommand.emptyPassword(), 8, 0), "nv read");
        return ByteBuffer.wrap(TpmResponse.parse(r).nvData()).getLong();
    }

    /** An ECC P-256 storage key, primary in the platform hierarchy. */
    private int primaryKey() {
        TpmWriter template = new TpmWriter(64);
        template.u16(0x0023).u16(0x000B).u32(0x00030072).u16(0);
        template.u16(0x0006).u16(128).u16(0x0043).u16(0x0010).u16(0x0003).u16(0x0010).u16(0).u16(0);
        byte[] r = expect(TpmCommands.createPrimary(TpmRh.PLATFORM, new byte[0], template.toByteArray()), "key");
        return ByteBuffer.wrap(r).getInt(10);
    }

    private static byte[] evictControl(int object, int persistent) {
        return CommandBuilder.of(TpmCc.EVICT_CONTROL).handle(TpmRh.PLATFORM).handle(object).emptyPassword()
                .u32(persistent).build();
    }

    private byte[] expect(byte[] command, String what) {
        byte[] r = tpm.execute(0, command);
        int rc = TpmTestSupport.rc(r);
        if (rc != 0) {
            out.println("error " + what + " rc 0x" + Integer.toHexString(rc));
            System.exit(1);
        }
        return r;
    }
}
