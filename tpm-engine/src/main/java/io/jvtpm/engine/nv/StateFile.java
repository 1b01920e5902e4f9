package io.jvtpm.engine.nv;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.wire.HashAlgorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The envelope of every state file: magic "JVTP", format version, kind, payload length, payload,
 * and a SHA-256 over all of it, so a torn, truncated or altered file is recognised.
 */
public final class StateFile {
    /** "JVTP". */
    public static final int MAGIC = 0x4A565450;
    /** The current format version. */
    public static final int VERSION = 1;
    private static final int HEADER = 4 + 2 + 2 + 4;
    private static final int TRAILER = 32;

    /** The kinds of state file (numbered like swtpm's PTM_BLOB_TYPE_*). */
    public enum Kind {
        PERMANENT(1, "permanent.state"),
        VOLATILE(2, "volatile.state"),
        SAVESTATE(3, "savestate.state");

        private final int code;
        private final String fileName;

        Kind(int code, String fileName) {
            this.code = code;
            this.fileName = fileName;
        }

        public int code() {
            return code;
        }

        /** The file name in the state directory. */
        public String fileName() {
            return fileName;
        }
    }

    private StateFile() {
    }

    /** Wraps {@code payload} as a file of {@code kind}. */
    public static byte[] seal(Kind kind, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        b.putInt(MAGIC).putShort((short) VERSION).putShort((short) kind.code()).putInt(payload.length).put(payload);
        MessageDigest d = HashAlgorithm.SHA256.newDigest();
        d.update(b.array(), 0, HEADER + payload.length);
        b.put(d.digest());
        return b.array();
    }

    /**
     * Checks a file of {@code kind} and returns its payload.
     *
     * @param where names the file in the message
     * @throws TpmStateException naming {@code where} and what is wrong
     */
    public static byte[] open(Kind kind, byte[] file, String where) {
        if (file.length < HEADER + TRAILER) {
            throw new TpmStateException("state file " + where + ": truncated (" + file.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (b.getInt() != MAGIC) {
            throw new TpmStateException("state file " + where + ": not a jvtpm state file (bad magic)");
        }
        int version = b.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new TpmStateException("state file " + where + ": format version " + version
                    + " is not supported (expected " + VERSION + ")");
        }
        int k = b.getShort() & 0xFFFF;
        if (k != kind.code()) {
            throw new TpmStateException("state file " + where + ": holds state kind " + k + ", expected "
                    + kind.code() + " (" + kind + ")");
        }
        int len = b.getInt();
        if (len < 0 || len != file.length - HEADER - TRAILER) {
            throw new TpmStateException("state file " + where + ": truncated or torn (payload length " + len
                    + " does not match file size " + file.length + ")");
        }
        MessageDigest d = HashAlgorithm.SHA256.newDigest();
        d.update(file, 0, HEADER + len);
        byte[] sum = d.digest();
        if (!MessageDigest.isEqual(sum, Arrays.copyOfRange(file, HEADER + len, file.length))) {
            throw new TpmStateException("state file " + where + ": checksum mismatch (corrupt)");
        }
        return Arrays.copyOfRange(file, HEADER, HEADER + len);
    }
}
