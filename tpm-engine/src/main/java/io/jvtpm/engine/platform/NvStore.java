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
     * Overwrites {@code data.length} octets of the blob called {@code name} at {@code offset}
     * (within its length) and makes them durable before returning: a crash leaves each octet of
     * that range old or new, which a reader recognises by its own checksums. Overwriting octets
     * already on disk, unlike appending, changes no file metadata, so the sync is a data write
     * alone. This default replaces the whole blob; a store that can write in place should.
     */
    default void write(String name, int offset, byte[] data) {
        byte[] all = load(name);
        if (all == null || offset < 0 || offset > all.length - data.length) {
            throw new IllegalArgumentException("blob " + name + ": no octets " + offset + "+" + data.length);
        }
        System.arraycopy(data, 0, all, offset, data.length);
        store(name, all);
    }

    /** Removes the blob called {@code name} if present. */
    void delete(String name);

    /** Where the blob lives, for messages. */
    String describe(String name);
}
