package io.jvtpm.engine.wire;

import io.jvtpm.engine.crypto.HashAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * TPMS_PCR_SELECTION (TPM 2.0 Library Part 2, 10.6.2) for a 24-PCR TPM: a bank and a bitmap
 * (bit n = PCR n). TPML_PCR_SELECTION (10.9.7) is a list of these.
 *
 * @param hash    the bank
 * @param bitmap  the selected PCRs
 */
public record PcrSelection(HashAlgorithm hash, int bitmap) {
    /** PCR_SELECT_MIN / PCR_SELECT_MAX. */
    public static final int SIZE_OF_SELECT = 3;

    /** Reads one TPMS_PCR_SELECTION: TPM_RC_HASH for an unimplemented hash, TPM_RC_VALUE for a bad size. */
    public static PcrSelection read(TpmReader r) {
        HashAlgorithm h = Structures.readHash(r, false);
        int size = r.u8();
        if (size != SIZE_OF_SELECT) {
            throw r.fail(TpmRc.VALUE);
        }
        int b0 = r.u8();
        int b1 = r.u8();
        int b2 = r.u8();
        return new PcrSelection(h, b0 | (b1 << 8) | (b2 << 16));
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

    /** Writes this TPMS_PCR_SELECTION. */
    public void write(TpmWriter w) {
        w.u16(hash.id()).u8(SIZE_OF_SELECT).u8(bitmap).u8(bitmap >>> 8).u8(bitmap >>> 16);
    }

    /** Writes a TPML_PCR_SELECTION. */
    public static void writeList(TpmWriter w, List<PcrSelection> l) {
        w.u32(l.size());
        for (PcrSelection s : l) {
            s.write(w);
        }
    }
}
