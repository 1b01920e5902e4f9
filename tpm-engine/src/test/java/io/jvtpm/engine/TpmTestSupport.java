package io.jvtpm.engine;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/** Helpers for tests that speak TPM 2.0 commands (TPM 2.0 Library Part 1, 18: command/response structure). */
public final class TpmTestSupport {
    private TpmTestSupport() {
    }

    /** Command bytes from hex (spaces allowed) with the commandSize field set to the real length. */
    public static byte[] cmd(String hex) {
        byte[] c = HexFormat.of().parseHex(hex.replace(" ", ""));
        if (c.length >= 6) {
            int n = c.length;
            c[2] = (byte) (n >>> 24);
            c[3] = (byte) (n >>> 16);
            c[4] = (byte) (n >>> 8);
            c[5] = (byte) n;
        }
        return c;
    }

    /** Bytes from hex without changing anything. */
    public static byte[] raw(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** The response code of a response. */
    public static int rc(byte[] r) {
        return TpmWire.responseCode(r);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * Sends {@code command} through {@code tpm} again while it answers TPM_RC_RETRY (at most 5
     * times), as a TSS does: libtpms and the engine answer it to the first DA-protected
     * authorization of a cycle, and libtpms while it completes a key's private part.
     */
    public static byte[] untilNotRetry(UnaryOperator<byte[]> tpm, byte[] command) {
        byte[] r = tpm.apply(command);
        for (int i = 0; i < 5 && rc(r) == TpmRc.RETRY.value(); i++) {
            r = tpm.apply(command);
        }
        return r;
    }

    /** Executes {@code command} at locality 0 and checks that it succeeds; the response. */
    public static byte[] ok(TpmBackend tpm, byte[] command) {
        return ok(tpm, 0, command);
    }

    /** Executes {@code command} at {@code locality} and checks that it succeeds; the response. */
    public static byte[] ok(TpmBackend tpm, int locality, byte[] command) {
        byte[] r = tpm.execute(locality, command);
        if (rc(r) != 0) {
            throw new AssertionError(hex(command) + " -> " + hex(r));
        }
        return r;
    }

    /** PCR_Extend of {@code pcr} in the SHA-256 bank with 32 bytes of {@code fill}. */
    public static byte[] extendSha256(int pcr, int fill) {
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) fill);
        return TpmCommands.pcrExtend(pcr, List.of(new TaggedHash(HashAlgorithm.SHA256, digest)));
    }

    /** A fresh in-memory TPM after _TPM_Init and Startup(CLEAR). */
    public static InProcessBackend started(long seed) {
        InProcessBackend t = InProcessBackend.inMemory(seed);
        t.init();
        byte[] r = t.execute(0, TpmCommands.startup(TpmSu.CLEAR));
        if (rc(r) != 0) {
            throw new IllegalStateException("Startup failed: " + hex(r));
        }
        return t;
    }
}
