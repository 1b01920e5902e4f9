package io.jvtpm.engine.testing;

import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayList;
import java.util.List;

/** One TPMS_AUTH_RESPONSE of a response with sessions (TPM 2.0 Library Part 1, 18.8; Part 2, 10.13.4). */
public record ResponseAuth(byte[] nonceTpm, int attributes, byte[] hmac) {

    /** The sessions of a successful {@code response} with sessions and {@code responseHandles} handles. */
    public static List<ResponseAuth> parse(byte[] response, int responseHandles) {
        int start = TpmWire.HEADER_SIZE + 4 * responseHandles;
        TpmReader in = new TpmReader(response, start, response.length - start);
        in.skip(in.u32());
        List<ResponseAuth> sessions = new ArrayList<>();
        while (in.remaining() > 0) {
            byte[] nonce = in.tpm2b(64);
            int attributes = in.u8();
            sessions.add(new ResponseAuth(nonce, attributes, in.tpm2b(64)));
        }
        return sessions;
    }

    /**
     * The response parameters of a successful {@code response} with {@code responseHandles}
     * handles: after parameterSize when it has sessions, else all after the handles (the bytes
     * rpHash covers, Part 1, 18.8).
     */
    public static byte[] parameters(byte[] response, int responseHandles) {
        int start = TpmWire.HEADER_SIZE + 4 * responseHandles;
        if (TpmWire.u16(response, 0) != io.jvtpm.engine.wire.TpmSt.SESSIONS.value()) {
            return java.util.Arrays.copyOfRange(response, start, response.length);
        }
        int size = TpmWire.u32(response, start);
        return java.util.Arrays.copyOfRange(response, start + 4, start + 4 + size);
    }
}
