package io.jvtpm.engine.wire;

import java.util.function.Function;

/**
 * Bounded big-endian reader over one command (TPM 2.0 Library Part 2, 4: basic types and
 * TPM2B size rules). It can never read past its limit: a short read throws
 * {@link TpmRcException} with TPM_RC_INSUFFICIENT, an oversized TPM2B TPM_RC_SIZE. Format-1
 * codes get the number of the handle, session or parameter currently being read, set with
 * {@link #handle}, {@link #session} and {@link #param}.
 */
public final class TpmReader {
    private byte[] buf;
    private int pos;
    private int limit;
    private int suffix;

    /** A reader over {@code buf[offset, offset+length)}. */
    public TpmReader(byte[] buf, int offset, int length) {
        reset(buf, offset, length);
    }

    /** Reuses this reader for another buffer. */
    public TpmReader reset(byte[] b, int offset, int length) {
        this.buf = b;
        this.pos = offset;
        this.limit = offset + length;
        this.suffix = 0;
        return this;
    }

    /** The current position in the underlying buffer. */
    public int position() {
        return pos;
    }

    /** Bytes left before the limit. */
    public int remaining() {
        return limit - pos;
    }

    /** Moves the limit to {@code newLimit} (an absolute position not beyond the current limit). */
    public void limit(int newLimit) {
        this.limit = newLimit;
    }

    /** The absolute limit. */
    public int limit() {
        return limit;
    }

    /** Following failures name handle {@code n}. */
    public TpmReader handle(int n) {
        suffix = n << 8;
        return this;
    }

    /** Following failures name session {@code n}. */
    public TpmReader session(int n) {
        suffix = TpmRc.S + (n << 8);
        return this;
    }

    /** Following failures name parameter {@code n}. */
    public TpmReader param(int n) {
        suffix = TpmRc.P + (n << 8);
        return this;
    }

    /** Following failures carry no number. */
    public TpmReader plain() {
        suffix = 0;
        return this;
    }

    /** A failure with {@code rc} and the current handle/session/parameter number. */
    public TpmRcException fail(TpmRc rc) {
        int v = rc.value();
        return new TpmRcException(TpmRc.isFormat1(v) ? v + suffix : v);
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw fail(TpmRc.INSUFFICIENT);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u32() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long u64() {
        long hi = u32() & 0xFFFFFFFFL;
        return (hi << 32) | (u32() & 0xFFFFFFFFL);
    }

    /** {@code n} raw bytes. */
    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) {
        need(n);
        pos += n;
    }

    /**
     * Reads a TPM2B size and checks it against {@code max} (TPM_RC_SIZE) and the bytes left
     * (TPM_RC_INSUFFICIENT); the caller then reads the body in place with {@link #array()} and
     * {@link #position()} followed by {@link #skip}.
     */
    public int size2b(int max) {
        int size = u16();
        if (size > max) {
            throw fail(TpmRc.SIZE);
        }
        need(size);
        return size;
    }

    /**
     * A TPM2B holding a structure (TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE...): {@code body} reads it
     * with reads limited to its size; an empty one, or one the body does not fill exactly, is
     * TPM_RC_SIZE.
     */
    public <T> T sized2b(Function<TpmReader, T> body) {
        int size = size2b(0xFFFF);
        if (size == 0) {
            throw fail(TpmRc.SIZE);
        }
        int end = pos + size;
        int outer = limit;
        limit = end;
        T value = body.apply(this);
        if (pos != end) {
            throw fail(TpmRc.SIZE);
        }
        limit = outer;
        return value;
    }

    /** A TPM2B body of at most {@code max} bytes, copied. */
    public byte[] tpm2b(int max) {
        int size = size2b(max);
        return bytes(size);
    }

    /** The underlying buffer, for in-place reads. */
    public byte[] array() {
        return buf;
    }

    /** Checks that every byte was consumed: trailing bytes are TPM_RC_SIZE (no number). */
    public void end() {
        if (pos != limit) {
            throw new TpmRcException(TpmRc.SIZE.value());
        }
    }
}
