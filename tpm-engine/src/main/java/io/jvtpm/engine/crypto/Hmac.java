package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC (RFC 2104, TPM 2.0 Library Part 1, 11.4.3) over the JCA, for tickets and the DRBG. */
public final class Hmac {
    private Hmac() {
    }

    /** A JCA Mac for {@code h} keyed with {@code key} (an empty key is allowed). */
    public static Mac init(HashAlgorithm h, byte[] key) {
        try {
            Mac mac = Mac.getInstance(h.hmacName());
            // JCA refuses empty keys; HMAC pads a short key with zeros, so one zero byte is the same key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, h.hmacName()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(h.hmacName() + " unavailable", e);
        }
    }

    /** HMAC_h(key, parts...). */
    public static byte[] compute(HashAlgorithm h, byte[] key, byte[]... parts) {
        Mac mac = init(h, key);
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }
}
