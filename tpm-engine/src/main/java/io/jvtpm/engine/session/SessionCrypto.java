package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.crypto.SymCipher;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * The session computations of TPM 2.0 Library Part 1, 19.6 and 21: the session HMAC over
 * pHash || nonceNewer || nonceOlder || nonceDecrypt || nonceEncrypt || sessionAttributes keyed
 * with sessionKey || authValue, and CFB parameter encryption with key and IV from
 * KDFa(authHash, sessionKey || authValue, "CFB", nonceNewer, nonceOlder, keyBits + 128), or XOR.
 */
public final class SessionCrypto {
    private SessionCrypto() {
    }

    /** sessionKey || authValue, or just the session key for a bound entity or no entity. */
    public static byte[] hmacKey(AuthSession s, byte[] authValue) {
        if (authValue == null || authValue.length == 0) {
            return s.sessionKey();
        }
        byte[] k = Arrays.copyOf(s.sessionKey(), s.sessionKey().length + authValue.length);
        System.arraycopy(authValue, 0, k, s.sessionKey().length, authValue.length);
        return k;
    }

    /** The session HMAC. */
    public static byte[] hmac(AuthSession s, byte[] key, byte[] pHash, byte[] nonceNewer, byte[] nonceOlder,
            byte[] nonceDecrypt, byte[] nonceEncrypt, int attributes) {
        Mac mac = Hmac.init(s.authHash(), key);
        mac.update(pHash);
        mac.update(nonceNewer);
        mac.update(nonceOlder);
        if (nonceDecrypt != null) {
            mac.update(nonceDecrypt);
        }
        if (nonceEncrypt != null) {
            mac.update(nonceEncrypt);
        }
        mac.update((byte) attributes);
        return mac.doFinal();
    }

    /**
     * Encrypts or decrypts {@code buf[off, off+len)} in place with the session's cipher: AES-CFB,
     * or XOR with the mask KDFa(authHash, key, "XOR", nonceNewer, nonceOlder, len * 8) (Part 1,
     * 21.2; libtpms's CryptXORObfuscation with the session's authHash).
     */
    public static void crypt(AuthSession s, byte[] key, boolean encrypt, byte[] nonceNewer, byte[] nonceOlder,
            byte[] buf, int off, int len) {
        if (s.cipher().isXor()) {
            byte[] mask = Kdf.kdfa(s.authHash(), key, "XOR", nonceNewer, nonceOlder, len * 8);
            for (int i = 0; i < len; i++) {
                buf[off + i] ^= mask[i];
            }
            return;
        }
        int bits = s.symKeyBits();
        byte[] kiv = Kdf.kdfa(s.authHash(), key, "CFB", nonceNewer, nonceOlder, bits + 128);
        byte[] k = Arrays.copyOf(kiv, bits / 8);
        byte[] iv = Arrays.copyOfRange(kiv, bits / 8, bits / 8 + 16);
        byte[] data = Arrays.copyOfRange(buf, off, off + len);
        byte[] out = SymCipher.CFB.apply(encrypt, k, iv, data);
        System.arraycopy(out, 0, buf, off, len);
    }

    /** H(parts...). */
    public static byte[] hash(HashAlgorithm h, byte[]... parts) {
        java.security.MessageDigest md = h.newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }
}
