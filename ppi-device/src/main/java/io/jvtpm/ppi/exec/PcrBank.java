package io.jvtpm.ppi.exec;

import io.jvtpm.engine.wire.TpmAlgId;

/**
 * A PCR bank as the PPI SetPCRBanks parameter names it: the bank's hash and its bit in the PPRM
 * bitmap (TCG PPI 1.3 operation 23, the EFI_TCG2_BOOT_HASH_ALG_* bits of the TCG EFI Protocol
 * specification).
 */
public enum PcrBank {
    SHA1(TpmAlgId.SHA1, 0x01),
    SHA256(TpmAlgId.SHA256, 0x02),
    SHA384(TpmAlgId.SHA384, 0x04),
    SHA512(TpmAlgId.SHA512, 0x08),
    SM3_256(TpmAlgId.SM3_256, 0x10);

    /** Every bit that names a bank. */
    public static final long ALL_BITS = 0x1F;

    private final TpmAlgId alg;
    private final int bit;

    PcrBank(TpmAlgId alg, int bit) {
        this.alg = alg;
        this.bit = bit;
    }

    /** The bank's hash. */
    public TpmAlgId alg() {
        return alg;
    }

    /** The bank's bit in the PPRM bitmap. */
    public int bit() {
        return bit;
    }

    /** The bank with that TPM_ALG_ID, or null. */
    public static PcrBank ofAlgId(int algId) {
        for (PcrBank b : values()) {
            if (b.alg.value() == algId) {
                return b;
            }
        }
        return null;
    }
}
