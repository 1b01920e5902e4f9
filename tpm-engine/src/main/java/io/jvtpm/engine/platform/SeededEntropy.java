package io.jvtpm.engine.platform;

import io.jvtpm.engine.crypto.CtrDrbg;
import java.nio.ByteBuffer;

/** Deterministic {@link EntropySource} from a seed, for reproducible tests and benchmarks. */
public final class SeededEntropy implements EntropySource {
    private final CtrDrbg drbg;

    public SeededEntropy(long seed) {
        drbg = new CtrDrbg(ByteBuffer.allocate(16).putLong(seed).putLong(0x6a76_7470_6d00_0001L).array());
    }

    @Override
    public synchronized void fill(byte[] out) {
        for (int off = 0; off < out.length; off += 4096) {
            drbg.generate(out, off, Math.min(4096, out.length - off));
        }
    }
}
