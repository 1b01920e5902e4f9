package io.jvtpm.ppi.exec;

import java.io.ByteArrayOutputStream;

/**
 * Builds one TPM 2.0 command (TPM 2.0 Library Part 1 section 18, command structure): header,
 * handles, an optional password authorization for the platform hierarchy, parameters; the size
 * field is filled in by {@link #toBytes()}.
 */
final class CommandWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    private CommandWriter(int tag, int commandCode) {
        u16(tag);
        u32(0);
        u32(commandCode);
    }

    /** A command without sessions. */
    static CommandWriter noSessions(int commandCode) {
        return new CommandWriter(TpmConst.ST_NO_SESSIONS, commandCode);
    }

    /**
     * A command authorized by TPM_RH_PLATFORM with an empty password (TPM_RS_PW session, empty
     * nonce, no attributes, empty hmac), as firmware sends before it changes platformAuth.
     */
    static CommandWriter platformAuthorized(int commandCode) {
        CommandWriter w = new CommandWriter(TpmConst.ST_SESSIONS, commandCode);
        w.u32(TpmConst.RH_PLATFORM);
        w.u32(9);                 // authorizationSize
        w.u32(TpmConst.RS_PW);    // sessionHandle
        w.u16(0);                 // nonceCaller
        w.u8(0);                  // sessionAttributes
        w.u16(0);                 // hmac (the empty password)
        return w;
    }

    CommandWriter u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    CommandWriter u16(int v) {
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
        return this;
    }

    CommandWriter u32(long v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xFF);
        }
        return this;
    }

    CommandWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    byte[] toBytes() {
        byte[] b = out.toByteArray();
        int size = b.length;
        b[2] = (byte) (size >>> 24);
        b[3] = (byte) (size >>> 16);
        b[4] = (byte) (size >>> 8);
        b[5] = (byte) size;
        return b;
    }
}
