package io.jvtpm.engine.nv.index;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One defined NV index (TPM 2.0 Library Part 1, 37; Part 2, 13.5): its public area, authValue and
 * data. An index with TPMA_NV_ORDERLY also keeps the copy that is in NV (attributes and data as
 * of the last flush, Part 1, 37.2.3); the live copy is its RAM. The Name is nameAlg over the
 * marshalled TPMS_NV_PUBLIC (Part 1, 16).
 */
public final class NvIndex {
    private NvPublic pub;
    private final byte[] data;
    private byte[] authValue;
    /** ORDERLY only: the attributes and data as last flushed to NV. */
    private NvPublic flushedPub;
    private byte[] flushedData;
    private byte[] name;

    NvIndex(NvPublic pub, byte[] authValue, byte[] data) {
        this.pub = pub;
        this.authValue = authValue.clone();
        this.data = data.clone();
        if (pub.has(TpmaNv.ORDERLY)) {
            flush();
        }
    }

    public int handle() {
        return pub.nvIndex();
    }

    public NvPublic publicArea() {
        return pub;
    }

    public int attributes() {
        return pub.attributes();
    }

    /** True when every bit of {@code attribute} is set. */
    public boolean has(int attribute) {
        return pub.has(attribute);
    }

    public TpmNt type() {
        return pub.type();
    }

    public HashAlgorithm nameAlg() {
        return HashAlgorithm.fromId(pub.nameAlg());
    }

    /** Sets the attributes (the lock and WRITTEN bits commands change). */
    public void setAttributes(int attributes) {
        if (attributes != pub.attributes()) {
            pub = pub.withAttributes(attributes);
            name = null;
        }
    }

    /** The Name: nameAlg || H(TPMS_NV_PUBLIC). */
    public byte[] name() {
        if (name == null) {
            HashAlgorithm h = nameAlg();
            MessageDigest md = h.newDigest();
            byte[] d = md.digest(pub.bytes());
            byte[] n = new byte[2 + d.length];
            n[0] = (byte) (pub.nameAlg() >>> 8);
            n[1] = (byte) pub.nameAlg();
            System.arraycopy(d, 0, n, 2, d.length);
            name = n;
        }
        return name.clone();
    }

    public byte[] authValue() {
        return authValue.clone();
    }

    public void setAuthValue(byte[] value) {
        authValue = value.clone();
    }

    public int dataSize() {
        return pub.dataSize();
    }

    /** {@code size} octets at {@code offset}. */
    public byte[] read(int offset, int size) {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** Puts the live data into {@code b} (the NV journal's record of a non-ORDERLY index). */
    public void copyData(java.nio.ByteBuffer b) {
        b.put(data);
    }

    /** Writes the live data to {@code w} (the volatile state's copy of an ORDERLY index's RAM). */
    void copyData(io.jvtpm.engine.wire.TpmWriter w) {
        w.bytes(data);
    }

    /** The live data (not a copy), for hashing. */
    byte[] dataView() {
        return data;
    }

    /** True when the data at {@code offset} already is {@code bytes}. */
    public boolean holds(int offset, byte[] bytes) {
        return Arrays.equals(data, offset, offset + bytes.length, bytes, 0, bytes.length);
    }

    /** Writes {@code bytes} at {@code offset}. */
    public void write(int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, data, offset, bytes.length);
    }

    /**
     * Erases the data before an ordinary index's first write: what is not written reads as erased
     * NV (0xFF), or as zeros for an ORDERLY index's RAM, as in libtpms.
     */
    public void eraseData() {
        Arrays.fill(data, pub.has(TpmaNv.ORDERLY) ? 0 : (byte) 0xFF);
    }

    /** The 8-octet value of a counter, bits or PIN index. */
    public long u64() {
        return TpmWire.u64(data, 0);
    }

    public void setU64(long v) {
        for (int i = 0; i < 8; i++) {
            data[i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /** ORDERLY: the RAM copy goes to NV. */
    void flush() {
        flushedPub = pub;
        flushedData = data.clone();
    }

    /** ORDERLY: RAM is lost; the NV copy comes back. */
    void reloadFromNv() {
        setAttributes(flushedPub.attributes());
        System.arraycopy(flushedData, 0, data, 0, data.length);
    }

    /** What is in NV: for an ORDERLY index the last flushed copy. */
    NvPublic nvPublic() {
        return flushedPub != null ? flushedPub : pub;
    }

    byte[] nvData() {
        return flushedData != null ? flushedData : data;
    }
}
