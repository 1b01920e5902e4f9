package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.security.MessageDigest;

/**
 * One reusable JCA digest per implemented hash, for a single-threaded user (the engine runs one
 * command at a time).
 */
public final class Digests {
    private final MessageDigest[] digests;

    public Digests() {
        HashAlgorithm[] all = HashAlgorithm.all();
        digests = new MessageDigest[all.length];
        for (HashAlgorithm h : all) {
            digests[h.ordinal()] = h.newDigest();
        }
    }

    /** The shared digest for {@code h}, reset. */
    public MessageDigest get(HashAlgorithm h) {
        MessageDigest d = digests[h.ordinal()];
        d.reset();
        return d;
    }

    /** H(data[off, off+len)). */
    public byte[] hash(HashAlgorithm h, byte[] data, int off, int len) {
        MessageDigest d = get(h);
        d.update(data, off, len);
        return d.digest();
    }
}
