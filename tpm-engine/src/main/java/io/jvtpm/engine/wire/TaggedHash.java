package io.jvtpm.engine.wire;

/**
 * TPMT_HA (TPM 2.0 Library Part 2, 10.3.2): a hash algorithm and a digest of its size.
 * TPML_DIGEST_VALUES (10.9.6) is a list of these.
 */
public record TaggedHash(HashAlgorithm alg, byte[] digest) {

    /** Reads a TPMT_HA whose hash may not be TPM_ALG_NULL. */
    public static TaggedHash read(TpmReader r) {
        HashAlgorithm h = Structures.readHash(r, false);
        return new TaggedHash(h, r.bytes(h.digestSize()));
    }

    /** Reads a TPML_DIGEST_VALUES of at most HASH_COUNT entries. */
    public static TaggedHash[] readList(TpmReader r) {
        int count = r.u32();
        if (count < 0 || count > HashAlgorithm.all().length) {
            throw r.fail(TpmRc.SIZE);
        }
        TaggedHash[] l = new TaggedHash[count];
        for (int i = 0; i < count; i++) {
            l[i] = read(r);
        }
        return l;
    }

    /** Writes this TPMT_HA. */
    public void write(TpmWriter w) {
        w.u16(alg.id()).bytes(digest);
    }
}
