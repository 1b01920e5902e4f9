package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC (RFC 2104) for a key that is used many times: the digest states after the inner and
 * outer pads are computed once and cloned per MAC, which saves two compressions and the JCA
 * Mac's bookkeeping on every use. Not thread-safe.
 */
public final class PrecomputedHmac {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5C;

    private final HashAlgorithm alg;
    private final MessageDigest inner;
    private final MessageDigest outer;

    public PrecomputedHmac(HashAlgorithm alg, byte[] key) {
        this.alg = alg;
        int block = alg.blockSize();
        byte[] k = key.length > block ? alg.newDigest().digest(key) : key;
        byte[] ipad = new byte[block];
        byte[] opad = new byte[block];
        Arrays.fill(ipad, IPAD);
        Arrays.fill(opad, OPAD);
        for (int i = 0; i < k.length; i++) {
            ipad[i] ^= k[i];
            opad[i] ^= k[i];
        }
        inner = alg.newDigest();
        inner.update(ipad);
        outer = alg.newDigest();
        outer.update(opad);
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
    }

    /** A digest already fed the inner pad: update it with the message, then {@link #finish}. */
    public MessageDigest start() {
        return copy(inner);
    }

    /** The MAC of the message fed to {@code started}. */
    public byte[] finish(MessageDigest started) {
        byte[] in = started.digest();
        MessageDigest o = copy(outer);
        o.update(in);
        return o.digest();
    }

    private MessageDigest copy(MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(alg + " digest cannot be cloned", e);
        }
    }
}
