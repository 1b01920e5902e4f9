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

    /**
     * Appends {@code data} to the blob called {@code name} (creating it when absent) and makes it
     * durable before returning: a crash leaves the blob as it was, or with a prefix of
     * {@code data} after it, which a reader recognises by its own checksums. This default
     * replaces the whole blob; a store that can append in place should.
     */
    default void append(String name, byte[] data) {
        byte[] old = load(name);
        byte[] all = old == null ? data.clone() : java.util.Arrays.copyOf(old, old.length + data.length);
        if (old != null) {
            System.arraycopy(data, 0, all, old.length, data.length);
        }
        store(name, all);
    }

    /** Removes the blob called {@code name} if present. */
    void delete(String name);

    /** Where the blob lives, for messages. */
    String describe(String name);
}
