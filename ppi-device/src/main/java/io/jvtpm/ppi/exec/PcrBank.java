package io.jvtpm.ppi.exec;

/**
 * A PCR bank as the PPI SetPCRBanks parameter names it: a TPM_ALG_ID (TPM 2.0 Library Part 2
 * section 6.3) and its bit in the PPRM bitmap (TCG PPI 1.3 operation 23, the
 * EFI_TCG2_BOOT_HASH_ALG_* bits of the TCG EFI Protocol specification).
 */
public enum PcrBank {
    SHA1(0x0004, 0x01),
    SHA256(0x000B, 0x02),
    SHA384(0x000C, 0x04),
    SHA512(0x000D, 0x08),
    SM3_256(0x0012, 0x10);

    /** Every bit that names a bank. */
    public static final long ALL_BITS = 0x1F;

    private final int algId;
    private final int bit;

    PcrBank(int algId, int bit) {
        this.algId = algId;
        this.bit = bit;
    }

    /** The TPM_ALG_ID of the bank's hash. */
    public int algId() {
        return algId;
    }

    /** The bank's bit in the PPRM bitmap. */
    public int bit() {
        return bit;
    }

    /** The bank with that TPM_ALG_ID, or null. */
    public static PcrBank ofAlgId(int algId) {
        for (PcrBank b : values()) {
            if (b.algId == algId) {
                return b;
            }
        }
        return null;
    }
}
