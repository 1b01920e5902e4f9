package io.jvtpm.ppi.exec;

/**
 * A TPM 2.0 response as the executor reads it (TPM 2.0 Library Part 1 section 18, response
 * structure): the header's tag and response code, and a reader positioned at the parameters.
 */
record TpmReply(int tag, int responseCode, byte[] bytes) {

    /**
     * Parses the header of {@code bytes}.
     *
     * @throws MalformedReplyException when the bytes are not a response header and matching size
     */
    static TpmReply parse(byte[] bytes) throws MalformedReplyException {
        if (bytes == null || bytes.length < TpmConst.HEADER_SIZE) {
            throw new MalformedReplyException("response shorter than its header");
        }
        Reader r = new Reader(bytes, 0);
        int tag = r.u16();
        long size = r.u32();
        int rc = (int) r.u32();
        if (size != bytes.length) {
            throw new MalformedReplyException("responseSize " + size + " but " + bytes.length + " bytes");
        }
        return new TpmReply(tag, rc, bytes);
    }

    /** A reader at the first response parameter (after parameterSize when sessions are present). */
    Reader parameters() throws MalformedReplyException {
        Reader r = new Reader(bytes, TpmConst.HEADER_SIZE);
        if (tag == TpmConst.ST_SESSIONS) {
            r.u32(); // parameterSize
        }
        return r;
    }

    /** A bounds-checked big-endian reader over response bytes. */
    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        private void need(int n) throws MalformedReplyException {
            if (pos + n > b.length) {
                throw new MalformedReplyException("response ends at byte " + b.length + ", needed "
                        + (pos + n));
            }
        }

        int u8() throws MalformedReplyException {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() throws MalformedReplyException {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() throws MalformedReplyException {
            need(4);
            long v = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16)
                    | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        byte[] bytes(int n) throws MalformedReplyException {
            need(n);
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }
    }
}
