package io.jvtpm.engine.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The response parameters of TPM2_PCR_Read (TPM 2.0 Library Part 3, 22.4): the update counter,
 * the PCRs read (TPML_PCR_SELECTION) and their values (TPML_DIGEST), in selection order.
 */
public record PcrReadResult(int updateCounter, List<PcrSelection> selection, List<byte[]> values) {
    /** TPML_DIGEST holds at most eight digests (Part 2, 10.9.2). */
    private static final int MAX_DIGESTS = 8;

    /** Reads the response parameters. */
    public static PcrReadResult read(TpmReader r) {
        int counter = r.u32();
        List<PcrSelection> sel = PcrSelection.readReported(r);
        int count = r.u32();
        if (count < 0 || count > MAX_DIGESTS) {
            throw r.fail(TpmRc.SIZE);
        }
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(r.tpm2b(HashAlgorithm.MAX_DIGEST));
        }
        return new PcrReadResult(counter, sel, values);
    }
}
