package io.jvtpm.engine.platform;

import java.util.HashMap;
import java.util.Map;

/** An {@link NvStore} in memory, for TPMs that keep nothing on disk (tests, benchmarks). */
public final class MemoryNvStore implements NvStore {
    private final Map<String, byte[]> blobs = new HashMap<>();

    /** An empty store. */
    public MemoryNvStore() {
    }

    @Override
    public synchronized byte[] load(String name) {
        byte[] b = blobs.get(name);
        return b == null ? null : b.clone();
    }

    @Override
    public synchronized void store(String name, byte[] data) {
        blobs.put(name, data.clone());
    }

    @Override
    public synchronized void write(String name, int offset, byte[] data) {
        byte[] b = blobs.get(name);
        if (b == null || offset < 0 || offset > b.length - data.length) {
            throw new IllegalArgumentException("blob " + name + ": no octets " + offset + "+" + data.length);
        }
        System.arraycopy(data, 0, b, offset, data.length);
    }

    @Override
    public synchronized void delete(String name) {
        blobs.remove(name);
    }

    @Override
    public String describe(String name) {
        return "memory:" + name;
    }
}
