package io.jvtpm.ppi.op;

/** A {@link PpFlagStore} held in memory only (TCG PPI 1.3 flags without persistence). */
public final class MemoryPpFlagStore implements PpFlagStore {

    private PpFlags flags = PpFlags.DEFAULT;

    /** A store holding {@link PpFlags#DEFAULT}. */
    public MemoryPpFlagStore() {
    }

    @Override
    public synchronized PpFlags load() {
        return flags;
    }

    @Override
    public synchronized void save(PpFlags flags) {
        this.flags = java.util.Objects.requireNonNull(flags, "flags");
    }
}
