package io.jvtpm.engine.wire;

/**
 * The response parameters of TPM2_PCR_Allocate (TPM 2.0 Library Part 3, 22.5).
 *
 * @param allocationSuccess  YES when the allocation takes effect at the next _TPM_Init
 * @param maxPcr             PCRs per bank
 * @param sizeNeeded         bytes the allocation needs
 * @param sizeAvailable      bytes the TPM has for PCRs
 */
public record PcrAllocateResult(boolean allocationSuccess, int maxPcr, int sizeNeeded, int sizeAvailable) {

    /** Reads the response parameters. */
    public static PcrAllocateResult read(TpmReader r) {
        return new PcrAllocateResult(Structures.readYesNo(r), r.u32(), r.u32(), r.u32());
    }
}
