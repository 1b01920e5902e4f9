package io.jvtpm.engine;

import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.HexFormat;

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
