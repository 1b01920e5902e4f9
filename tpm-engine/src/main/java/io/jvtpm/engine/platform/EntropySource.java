package io.jvtpm.engine.platform;

/** Platform entropy for the TPM's DRBG (TCG TPM 2.0 reference platform layer, _plat__GetEntropy). */
@FunctionalInterface
public interface EntropySource {
    /** Fills {@code out} with entropy. */
    void fill(byte[] out);
}
