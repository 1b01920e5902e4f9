package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.HashAlgorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The precomputed-pad HMAC agrees with the JCA's HMAC for every hash and key length class. */
class PrecomputedHmacTest {
    @Test
    void agreesWithJca() {
        Random rnd = new Random(5);
        for (HashAlgorithm h : HashAlgorithm.all()) {
            for (int keyLen : new int[] {0, 1, 20, 63, 64, 65, 127, 128, 129, 300}) {
                byte[] key = new byte[keyLen];
                rnd.nextBytes(key);
                PrecomputedHmac mac = new PrecomputedHmac(h, key);
                for (int msgLen : new int[] {0, 1, 34, 200}) {
                    byte[] msg = new byte[msgLen];
                    rnd.nextBytes(msg);
                    MessageDigest d = mac.start();
                    d.update(msg);
                    assertArrayEquals(Hmac.compute(h, key, msg), mac.finish(d), h + " key " + keyLen + " msg " + msgLen);
                }
            }
        }
    }
}
