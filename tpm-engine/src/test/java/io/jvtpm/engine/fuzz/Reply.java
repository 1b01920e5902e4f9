package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayList;
import java.util.List;

/**
 * A response split as TPM 2.0 Library Part 1, 18.8 lays it out: handles, parameters and one
 * TPMS_AUTH_RESPONSE per command session. {@link #parse} throws IllegalArgumentException when a
 * success does not have that shape.
 */
record Reply(int rc, int[] handles, byte[] params, List<SessionReply> sessions, byte[] bytes) {

    /** One TPMS_AUTH_RESPONSE. */
    record SessionReply(byte[] nonceTpm, int attributes, byte[] hmac) {
    }

    boolean ok() {
        return rc == 0;
    }

    int handle() {
        return handles[0];
    }

    /** A reader at the response parameters. */
    TpmReader reader() {
        return new TpmReader(params, 0, params.length);
    }

    static Reply parse(byte[] r, int responseHandles, int sessionCount) {
        int rc = TpmWire.responseCode(r);
        if (rc != 0) {
            return new Reply(rc, new int[0], new byte[0], List.of(), r);
        }
        try {
            TpmReader in = new TpmReader(r, 0, r.length);
            int tag = in.u16();
            in.u32();
            in.u32();
            int[] handles = new int[responseHandles];
            for (int i = 0; i < responseHandles; i++) {
                handles[i] = in.u32();
            }
            if (tag != TpmSt.SESSIONS.value()) {
                return new Reply(0, handles, in.bytes(in.remaining()), List.of(), r);
            }
            int paramSize = in.u32();
            byte[] params = in.bytes(paramSize);
            List<SessionReply> sessions = new ArrayList<>();
            for (int i = 0; i < sessionCount; i++) {
                byte[] nonce = in.tpm2b(64);
                int attrs = in.u8();
                sessions.add(new SessionReply(nonce, attrs, in.tpm2b(64)));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the response sessions");
            }
            return new Reply(0, handles, params, sessions, r);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a success that does not parse: " + e, e);
        }
    }
}
