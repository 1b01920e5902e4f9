package io.jvtpm.engine.platform;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** An {@link NvStore} in memory, for TPMs that keep nothing on disk (tests, benchmarks). */
public final class MemoryNvStore implements NvStore {
    /** A blob and how much of its buffer is in use (appends grow the buffer geometrically). */
    private static final class Blob {
        byte[] bytes;
        int length;

        Blob(byte[] bytes) {
            this.bytes = bytes;
            this.length = bytes.length;
        }
    }

    private final Map<String, Blob> blobs = new HashMap<>();

    /** An empty store. */
    public MemoryNvStore() {
    }

    @Override
    public synchronized byte[] load(String name) {
        Blob b = blobs.get(name);
        return b == null ? null : Arrays.copyOf(b.bytes, b.length);
    }

    @Override
    public synchronized void store(String name, byte[] data) {
        blobs.put(name, new Blob(data.clone()));
    }

    @Override
    public synchronized void append(String name, byte[] data) {
        Blob b = blobs.computeIfAbsent(name, n -> new Blob(new byte[0]));
        if (b.bytes.length - b.length < data.length) {
            b.bytes = Arrays.copyOf(b.bytes, Math.max(b.length + data.length, 2 * b.bytes.length));
        }
        System.arraycopy(data, 0, b.bytes, b.length, data.length);
        b.length += data.length;
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
