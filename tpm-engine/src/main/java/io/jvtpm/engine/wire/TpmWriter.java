package io.jvtpm.engine.wire;

/**
 * Growable big-endian writer for responses and state files (TPM 2.0 Library Part 2, 4). Reused
 * between commands; {@link #toByteArray()} copies out the result.
 */
public final class TpmWriter {
    private byte[] buf;
    private int pos;

    public TpmWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Empties the writer, keeping its storage. */
    public TpmWriter clear() {
        pos = 0;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** Sets the write position (to overwrite or drop what follows). */
    public void position(int p) {
        pos = p;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            byte[] nb = new byte[Math.max(buf.length * 2, pos + n)];
            System.arraycopy(buf, 0, nb, 0, pos);
            buf = nb;
        }
    }

    public TpmWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public TpmWriter u16(int v) {
        ensure(2);
        TpmWire.putU16(buf, pos, v);
        pos += 2;
        return this;
    }

    public TpmWriter u32(int v) {
        ensure(4);
        TpmWire.putU32(buf, pos, v);
        pos += 4;
        return this;
    }

    public TpmWriter u64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    public TpmWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public TpmWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** A TPM2B: a UINT16 size then the bytes. */
    public TpmWriter tpm2b(byte[] b) {
        u16(b.length);
        return bytes(b);
    }

    /** Reserves {@code n} bytes and returns their offset, to be filled later. */
    public int reserve(int n) {
        ensure(n);
        int at = pos;
        pos += n;
        return at;
    }

    /** Overwrites a UINT32 at {@code at}. */
    public void putU32(int at, int v) {
        TpmWire.putU32(buf, at, v);
    }

    /** Overwrites a UINT16 at {@code at}. */
    public void putU16(int at, int v) {
        TpmWire.putU16(buf, at, v);
    }

    /** The storage (valid up to {@link #size()}). */
    public byte[] array() {
        return buf;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        byte[] out = new byte[pos];
        System.arraycopy(buf, 0, out, 0, pos);
        return out;
    }
}
