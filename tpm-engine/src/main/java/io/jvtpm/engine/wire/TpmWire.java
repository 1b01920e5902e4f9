package io.jvtpm.engine.wire;

/**
 * Byte-level access to TPM 2.0 command and response headers (TPM 2.0 Library Part 1, 18: tag,
 * size, code, big-endian) for code that frames whole messages without parsing them: the transports
 * and the device front ends.
 */
public final class TpmWire {
    /** Size of a TPM 2.0 command or response header. */
    public static final int HEADER_SIZE = 10;

    private TpmWire() {
    }

    /** The big-endian uint32 at {@code off}. */
    public static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** The big-endian uint64 at {@code off}. */
    public static long u64(byte[] b, int off) {
        return ((long) u32(b, off) << 32) | (u32(b, off + 4) & 0xFFFFFFFFL);
    }

    /** The big-endian uint16 at {@code off}. */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** Writes {@code v} big-endian at {@code off}. */
    public static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** {@code v} as four big-endian bytes: a UINT32, or a handle as the Name of an entity. */
    public static byte[] u32Bytes(int v) {
        byte[] b = new byte[4];
        putU32(b, 0, v);
        return b;
    }

    /** {@code v} as eight big-endian bytes: a UINT64. */
    public static byte[] u64Bytes(long v) {
        byte[] b = new byte[8];
        putU32(b, 0, (int) (v >>> 32));
        putU32(b, 4, (int) v);
        return b;
    }

    /** Writes {@code v} big-endian at {@code off}. */
    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** A header-only response (TPM_ST_NO_SESSIONS, size 10) carrying {@code rc}. */
    public static byte[] errorResponse(int rc) {
        byte[] r = new byte[HEADER_SIZE];
        putU16(r, 0, TpmSt.NO_SESSIONS.value());
        putU32(r, 2, HEADER_SIZE);
        putU32(r, 6, rc);
        return r;
    }

    /** A header-only response carrying {@code rc}. */
    public static byte[] errorResponse(TpmRc rc) {
        return errorResponse(rc.value());
    }

    /** The command code of a command, or -1 when it is shorter than a header. */
    public static int commandCode(byte[] command) {
        return command.length >= HEADER_SIZE ? u32(command, 6) : -1;
    }

    /** The response code of a response, or -1 when it is shorter than a header. */
    public static int responseCode(byte[] response) {
        return response.length >= HEADER_SIZE ? u32(response, 6) : -1;
    }

    /** {@code bytes} as lowercase hex, at most {@code max} bytes of it. */
    public static String hex(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", bytes[i]));
        }
        if (n < bytes.length) {
            sb.append("...");
        }
        return sb.toString();
    }
}
