package io.jvtpm.engine.wire;

/** The response parameters of TPM2_NV_ReadPublic (TPM 2.0 Library Part 3, 31.6): nvPublic and nvName. */
public record NvReadPublicResult(NvPublic nvPublic, byte[] name) {
    public NvReadPublicResult {
        name = name.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    static NvReadPublicResult read(TpmReader r) {
        int size = r.u16();
        int end = r.position() + size;
        NvPublic p = NvPublic.read(r);
        if (r.position() != end) {
            throw new MalformedResponseException("TPM2B_NV_PUBLIC of " + size + " octets holds a different structure");
        }
        return new NvReadPublicResult(p, r.tpm2b(2 + HashAlgorithm.MAX_DIGEST));
    }
}
