package io.jvtpm.engine.platform;

import java.security.SecureRandom;

/** {@link EntropySource} from the operating system through the JCA's SecureRandom. */
public final class SystemEntropy implements EntropySource {
    private final SecureRandom random = new SecureRandom();

    /** A source with a SecureRandom of the platform's default algorithm. */
    public SystemEntropy() {
    }

    @Override
    public void fill(byte[] out) {
        random.nextBytes(out);
    }
}
