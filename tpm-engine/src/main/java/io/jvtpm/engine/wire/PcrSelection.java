package io.jvtpm.engine.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * TPMS_PCR_SELECTION (TPM 2.0 Library Part 2, 10.6.2) for a 24-PCR TPM: a bank's TPM_ALG_ID and a
 * bitmap (bit n = PCR n). TPML_PCR_SELECTION (10.9.7) is a list of these.
 *
 * @param alg     the bank's hash, a TPM_ALG_ID
 * @param bitmap  the selected PCRs
 */
public record PcrSelection(int alg, int bitmap) {
    /** PCR_SELECT_MIN / PCR_SELECT_MAX. */
    public static final int SIZE_OF_SELECT = 3;
    /** Every PCR of a 24-PCR bank. */
    public static final int ALL_PCRS = 0xFFFFFF;
    /** Banks a TPML_PCR_SELECTION from another TPM may list before it is called malformed. */
    private static final int MAX_REPORTED_BANKS = 16;

    /** A selection in a bank this engine implements. */
    public PcrSelection(HashAlgorithm hash, int bitmap) {
        this(hash.id(), bitmap);
    }

    /** The bank's hash, or null when this engine does not implement it. */
    public HashAlgorithm hash() {
        return HashAlgorithm.fromId(alg);
    }

    /** True when at least one PCR is selected. */
    public boolean any() {
        return bitmap != 0;
    }

    /** Reads one TPMS_PCR_SELECTION: TPM_RC_HASH for an unimplemented hash, TPM_RC_VALUE for a bad size. */
    public static PcrSelection read(TpmReader r) {
        HashAlgorithm h = Structures.readHash(r, false);
        return new PcrSelection(h.id(), readSelect(r));
    }

    private static int readSelect(TpmReader r) {
        int size = r.u8();
        if (size != SIZE_OF_SELECT) {
            throw r.fail(TpmRc.VALUE);
        }
        int b0 = r.u8();
        int b1 = r.u8();
        int b2 = r.u8();
        return b0 | (b1 << 8) | (b2 << 16);
    }

    /** Reads a TPML_PCR_SELECTION of at most HASH_COUNT entries (TPM_RC_SIZE beyond). */
    public static List<PcrSelection> readList(TpmReader r) {
        int count = r.u32();
        if (count < 0 || count > HashAlgorithm.all().length) {
            throw r.fail(TpmRc.SIZE);
        }
        List<PcrSelection> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            l.add(read(r));
        }
        return l;
    }

    /**
     * Reads a TPML_PCR_SELECTION a TPM reported (a response): any bank, implemented here or not, of
     * 24 PCRs; at most 16 entries. Anything else is TPM_RC_VALUE (size) or TPM_RC_SIZE (count).
     */
    public static List<PcrSelection> readReported(TpmReader r) {
        int count = r.u32();
        if (count < 0 || count > MAX_REPORTED_BANKS) {
            throw r.fail(TpmRc.SIZE);
        }
        List<PcrSelection> l = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int alg = r.u16();
            l.add(new PcrSelection(alg, readSelect(r)));
        }
        return l;
    }

    /** Writes this TPMS_PCR_SELECTION. */
    public void write(TpmWriter w) {
        w.u16(alg).u8(SIZE_OF_SELECT).u8(bitmap).u8(bitmap >>> 8).u8(bitmap >>> 16);
    }

    /** Writes a TPML_PCR_SELECTION. */
    public static void writeList(TpmWriter w, List<PcrSelection> l) {
        w.u32(l.size());
        for (PcrSelection s : l) {
            s.write(w);
        }
    }
}
