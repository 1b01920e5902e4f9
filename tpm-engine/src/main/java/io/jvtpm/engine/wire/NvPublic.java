package io.jvtpm.engine.wire;

import java.util.Arrays;

/**
 * TPMS_NV_PUBLIC (TPM 2.0 Library Part 2, 13.5): an NV index's handle, name algorithm,
 * TPMA_NV attributes, authPolicy and data size.
 *
 * @param nameAlg a TPM_ALG_ID of a hash
 */
public record NvPublic(int nvIndex, int nameAlg, int attributes, byte[] authPolicy, int dataSize) {
    public NvPublic {
        authPolicy = authPolicy.clone();
    }

    @Override
    public byte[] authPolicy() {
        return authPolicy.clone();
    }

    /** The same index with {@code newAttributes}. */
    public NvPublic withAttributes(int newAttributes) {
        return new NvPublic(nvIndex, nameAlg, newAttributes, authPolicy, dataSize);
    }

    /** True when every bit of {@code attribute} is set. */
    public boolean has(int attribute) {
        return (attributes & attribute) == attribute;
    }

    /** The index type, or null for an undefined TPM_NT. */
    public TpmNt type() {
        return TpmaNv.type(attributes);
    }

    /** Writes the structure. */
    public void write(TpmWriter w) {
        w.u32(nvIndex).u16(nameAlg).u32(attributes).tpm2b(authPolicy).u16(dataSize);
    }

    /** The marshalled structure. */
    public byte[] bytes() {
        TpmWriter w = new TpmWriter(80);
        write(w);
        return w.toByteArray();
    }

    /** Writes TPM2B_NV_PUBLIC. */
    public void write2b(TpmWriter w) {
        w.tpm2b(bytes());
    }

    /** Reads a TPMS_NV_PUBLIC without checking its values. */
    public static NvPublic read(TpmReader r) {
        int index = r.u32();
        int alg = r.u16();
        int attrs = r.u32();
        byte[] policy = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        int size = r.u16();
        return new NvPublic(index, alg, attrs, policy, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NvPublic p && p.nvIndex == nvIndex && p.nameAlg == nameAlg && p.attributes == attributes
                && Arrays.equals(p.authPolicy, authPolicy) && p.dataSize == dataSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(authPolicy) * 31 + nvIndex ^ attributes;
    }

    @Override
    public String toString() {
        return String.format("NvPublic[0x%08x alg 0x%04x attrs 0x%08x size %d]", nvIndex, nameAlg, attributes,
                dataSize);
    }
}
