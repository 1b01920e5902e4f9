package io.jvtpm.engine.peer;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.Peers;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * libtpms (Debian's libtpms0) in-process through JNA, as a reference TPM 2.0 for differential
 * tests and benchmarks (libtpms' TPMLIB_* API). One instance per JVM at a time: libtpms is a
 * process-wide singleton.
 */
public final class LibTpms implements AutoCloseable {

    /** The subset of libtpms' API the tests use. */
    interface Lib extends Library {
        int TPMLIB_ChooseTPMVersion(int version);

        int TPMLIB_MainInit();

        int TPMLIB_Process(PointerByReference respBuffer, IntByReference respSize,
                IntByReference respBufSize, Pointer command, int commandSize);

        void TPMLIB_Terminate();
    }

    /**
     * libc's setenv and chdir: libtpms keeps TPM 1.2 state under TPM_PATH but writes its TPM 2.0
     * NVChip into the process's working directory, so both point at a temp directory while it runs.
     */
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int chdir(String path);
    }

    private static Lib lib;
    private static LibC libc;

    private final Path dir;
    private final PointerByReference respBuf = new PointerByReference();
    private final IntByReference respLen = new IntByReference();
    private final IntByReference respBufSize = new IntByReference();
    private final Memory cmdMem = new Memory(8192);
    private boolean open;

    private LibTpms(Path dir) {
        this.dir = dir;
    }

    /** True when libtpms.so.0 can be loaded. */
    public static synchronized boolean available() {
        try {
            load();
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** Ends a peer test when libtpms is missing: a failure under CI=true, a skip otherwise. */
    public static void require() {
        Peers.require(available(), "libtpms (libtpms.so.0 from Debian's libtpms0)");
    }

    private static void load() {
        if (lib == null) {
            lib = Native.load("tpms", Lib.class);
            libc = Native.load("c", LibC.class);
        }
    }

    /** Starts a fresh libtpms TPM 2.0 with its NV files in a new temp directory; Startup not sent. */
    public static synchronized LibTpms start() {
        load();
        try {
            Path d = Files.createTempDirectory("libtpms");
            libc.setenv("TPM_PATH", d.toString(), 1);
            if (libc.chdir(d.toString()) != 0) {
                throw new IllegalStateException("chdir " + d + " failed");
            }
            int rc = lib.TPMLIB_ChooseTPMVersion(1);
            if (rc != 0) {
                throw new IllegalStateException("TPMLIB_ChooseTPMVersion: " + rc);
            }
            rc = lib.TPMLIB_MainInit();
            if (rc != 0) {
                throw new IllegalStateException("TPMLIB_MainInit: " + rc);
            }
            LibTpms t = new LibTpms(d);
            t.open = true;
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code scenarios} on a started libtpms and then on a started engine (seeded with
     * {@code seed}); their results, libtpms's first. Requires libtpms ({@link #require()}).
     */
    public static <T> List<T> sideBySide(long seed, Function<UnaryOperator<byte[]>, T> scenarios) {
        require();
        try (LibTpms lib = start(); InProcessBackend ours = TpmTestSupport.started(seed)) {
            byte[] r = lib.process(TpmCommands.startup(TpmSu.CLEAR));
            if (TpmTestSupport.rc(r) != 0) {
                throw new IllegalStateException("libtpms Startup: " + TpmTestSupport.hex(r));
            }
            T theirs = scenarios.apply(lib::process);
            return List.of(theirs, scenarios.apply(c -> ours.execute(0, c)));
        }
    }

    /** Response codes by scenario name, one "name: 0xcode" line each, for side-by-side assertions. */
    public static String codes(java.util.Map<String, Integer> codes) {
        StringBuilder b = new StringBuilder();
        codes.forEach((name, rc) -> b.append(name).append(": 0x").append(Integer.toHexString(rc)).append('\n'));
        return b.toString();
    }

    /** Runs one command and returns a copy of the response. */
    public byte[] process(byte[] command) {
        cmdMem.write(0, command, 0, command.length);
        int rc = lib.TPMLIB_Process(respBuf, respLen, respBufSize, cmdMem, command.length);
        if (rc != 0) {
            throw new IllegalStateException("TPMLIB_Process: " + rc);
        }
        return respBuf.getValue().getByteArray(0, respLen.getValue());
    }

    /** Runs one command without copying the response out (for benchmarks); returns its length. */
    public int processNoCopy(byte[] command) {
        cmdMem.write(0, command, 0, command.length);
        lib.TPMLIB_Process(respBuf, respLen, respBufSize, cmdMem, command.length);
        return respLen.getValue();
    }

    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            lib.TPMLIB_Terminate();
            libc.chdir(System.getProperty("user.dir"));
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
