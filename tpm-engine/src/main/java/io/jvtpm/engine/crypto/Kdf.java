package io.jvtpm.engine.crypto;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.IntFunction;
import javax.crypto.Mac;

/**
 * The TPM's key derivation functions (TPM 2.0 Library Part 1, 11.4.10): KDFa, SP 800-108 in
 * counter mode with HMAC, and KDFe, the SP 800-56A concatenation KDF used with ECDH.
 */
public final class Kdf {
    private Kdf() {
    }

    /** A label as the KDFs take it: its ASCII bytes and a terminating zero. */
    public static byte[] label(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, b.length);
        return r;
    }

    /**
     * KDFa(hashAlg, key, label, contextU, contextV, bits). {@code label} is given without or with
     * its terminating zero (one is added when missing); null contexts are empty.
     */
    public static byte[] kdfa(HashAlgorithm h, byte[] key, String label, byte[] contextU, byte[] contextV,
            int bits) {
        byte[] l = label(label);
        Mac mac = Hmac.init(h, key);
        return counterMode(bits, i -> {
            mac.update(TpmWire.u32Bytes(i));
            mac.update(l);
            updateIfPresent(mac, contextU);
            updateIfPresent(mac, contextV);
            mac.update(TpmWire.u32Bytes(bits));
            return mac.doFinal();
        });
    }

    /** KDFe(hashAlg, Z, label, partyUInfo, partyVInfo, bits). */
    public static byte[] kdfe(HashAlgorithm h, byte[] z, String label, byte[] partyU, byte[] partyV, int bits) {
        byte[] l = label(label);
        MessageDigest md = h.newDigest();
        return counterMode(bits, i -> {
            md.update(TpmWire.u32Bytes(i));
            md.update(z);
            md.update(l);
            updateIfPresent(md, partyU);
            updateIfPresent(md, partyV);
            return md.digest();
        });
    }

    /**
     * The counter loop both KDFs share: blocks 1, 2, ... concatenated until {@code bits} are
     * filled, the excess high-order bits of the first byte cleared.
     */
    private static byte[] counterMode(int bits, IntFunction<byte[]> block) {
        int bytes = (bits + 7) / 8;
        byte[] out = new byte[bytes];
        int done = 0;
        for (int i = 1; done < bytes; i++) {
            byte[] b = block.apply(i);
            int n = Math.min(b.length, bytes - done);
            System.arraycopy(b, 0, out, done, n);
            done += n;
        }
        maskTop(out, bits);
        return out;
    }

    /** A null context or party info is empty. */
    private static void updateIfPresent(MessageDigest md, byte[] part) {
        if (part != null) {
            md.update(part);
        }
    }

    private static void updateIfPresent(Mac mac, byte[] part) {
        if (part != null) {
            mac.update(part);
        }
    }

    private static void maskTop(byte[] out, int bits) {
        if (bits % 8 != 0 && out.length > 0) {
            out[0] &= (byte) ((1 << (bits % 8)) - 1);
        }
    }
}
