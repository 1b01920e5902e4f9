package io.jvtpm.engine.testing;

import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmResponse;

/**
 * The audit part of the TPMS_ATTEST (TPM 2.0 Library Part 2, 10.12.8-10.12.12) that
 * TPM2_GetCommandAuditDigest (TPMS_COMMAND_AUDIT_INFO) or TPM2_GetSessionAuditDigest
 * (TPMS_SESSION_AUDIT_INFO) answers, with the header fields a test compares.
 *
 * @param type            TPM_ST_ATTEST_COMMAND_AUDIT or TPM_ST_ATTEST_SESSION_AUDIT
 * @param qualifiedSigner the signer's qualified Name (TPM_RH_NULL's Name when unsigned)
 * @param extraData       the caller's qualifyingData
 * @param auditCounter    command audit: the audit counter
 * @param digestAlg       command audit: the audit hash algorithm
 * @param auditDigest     the command audit digest, or the session audit digest
 * @param commandDigest   command audit: the digest of the audited command codes
 * @param exclusive       session audit: the session is the exclusive audit session
 * @param attest          the whole TPMS_ATTEST as signed
 * @param signatureAlg    the signature's algorithm (TPM_ALG_NULL when unsigned)
 */
public record AuditAttest(int type, byte[] qualifiedSigner, byte[] extraData, long auditCounter, int digestAlg,
        byte[] auditDigest, byte[] commandDigest, boolean exclusive, byte[] attest, int signatureAlg) {
    private static final int COMMAND_AUDIT = 0x8015;

    /** Parses a successful TPM2_GetCommandAuditDigest or TPM2_GetSessionAuditDigest response. */
    public static AuditAttest parse(byte[] response) {
        return TpmResponse.parse(response).read(0, r -> {
            byte[] attest = r.tpm2b(4096);
            int sigAlg = r.u16();
            TpmReader a = new TpmReader(attest, 0, attest.length);
            a.u32(); // TPM_GENERATED_VALUE
            int type = a.u16();
            byte[] signer = a.tpm2b(256);
            byte[] extra = a.tpm2b(256);
            a.skip(8 + 4 + 4 + 1 + 8); // clockInfo, firmwareVersion
            if (type == COMMAND_AUDIT) {
                long counter = a.u64();
                int alg = a.u16();
                byte[] digest = a.tpm2b(64);
                byte[] commands = a.tpm2b(64);
                a.end();
                return new AuditAttest(type, signer, extra, counter, alg, digest, commands, false, attest, sigAlg);
            }
            boolean exclusive = a.u8() == 1;
            byte[] digest = a.tpm2b(64);
            a.end();
            return new AuditAttest(type, signer, extra, 0, 0, digest, null, exclusive, attest, sigAlg);
        });
    }
}
