package io.jvtpm.ppi.op;

/**
 * Where the persistent PP-required flags live between runs (TCG PPI 1.3 requires them to survive
 * reboots and to be changeable only through PPI operations).
 */
public sealed interface PpFlagStore permits FilePpFlagStore, MemoryPpFlagStore {

    /**
     * The stored flags, or {@link PpFlags#DEFAULT} when nothing was stored yet.
     *
     * @throws PpFlagStoreException when the stored flags cannot be read or are corrupt
     */
    PpFlags load();

    /**
     * Stores {@code flags} durably; when this returns they survive a crash.
     *
     * @throws PpFlagStoreException when they cannot be written; the old value is then kept
     */
    void save(PpFlags flags);

    /** A store that lives only as long as this object (for tests and throw-away VMs). */
    static PpFlagStore inMemory() {
        return new MemoryPpFlagStore();
    }

    /** A store in the file {@code ppi-flags} of {@code stateDirectory}. */
    static PpFlagStore inDirectory(java.nio.file.Path stateDirectory) {
        return new FilePpFlagStore(stateDirectory);
    }
}
