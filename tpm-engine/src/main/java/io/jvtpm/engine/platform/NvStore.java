package io.jvtpm.engine.platform;

/**
 * Named non-volatile blobs (TCG TPM 2.0 reference platform layer, _plat__NvMemory*): the TPM's
 * NV is a few files, each written whole and atomically.
 */
public interface NvStore {
    /** The blob called {@code name}, or null when there is none. */
    byte[] load(String name);

    /** Replaces the blob called {@code name} atomically: a crash leaves the old or the new one. */
    void store(String name, byte[] data);

    /** Removes the blob called {@code name} if present. */
    void delete(String name);

    /** Where the blob lives, for messages. */
    String describe(String name);
}
