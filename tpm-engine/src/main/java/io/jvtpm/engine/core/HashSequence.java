package io.jvtpm.engine.core;

import io.jvtpm.engine.crypto.Cmac;
import io.jvtpm.engine.crypto.Digests;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import java.security.MessageDigest;

/**
 * A hash or event sequence object (TPM 2.0 Library Part 3, 17.3 TPM2_HashSequenceStart): running
 * digests, its authValue, and whether the first block began with TPM_GENERATED_VALUE (then no
 * ticket is produced). An event sequence runs a digest for every implemented hash.
 */
public final class HashSequence {

    private final HashAlgorithm alg;
    private final byte[] authValue;
    private final MessageDigest[] digests;
    private boolean started;
    private boolean ticketAllowed = true;
    /** For an HMAC sequence (TPM2_HMAC_Start): the key XOR opad block; null otherwise. */
    private byte[] hmacOuter;
    /** For a CMAC sequence (TPM2_MAC_Start with TPM_ALG_CMAC): the running MAC; null otherwise. */
    private Cmac cmac;

    /** A sequence for {@code alg}, or an event sequence when {@code alg} is null. */
    public HashSequence(HashAlgorithm alg, byte[] authValue, Digests source) {
        this.alg = alg;
        this.authValue = authValue;
        if (alg == null) {
            HashAlgorithm[] all = HashAlgorithm.all();
            digests = new MessageDigest[all.length];
            for (HashAlgorithm h : all) {
                digests[h.ordinal()] = source.fresh(h);
            }
        } else {
            digests = new MessageDigest[] {source.fresh(alg)};
        }
    }

    /**
     * An HMAC sequence (TPM2_HMAC_Start, Part 3, 17.2; RFC 2104): the inner digest starts with
     * key XOR ipad, {@link #finish()} applies the outer digest. It never yields a ticket.
     */
    public static HashSequence hmac(HashAlgorithm alg, byte[] key, byte[] authValue, Digests source) {
        HashSequence s = new HashSequence(alg, authValue, source);
        byte[] k = key.length > alg.blockSize() ? alg.newDigest().digest(key) : key;
        byte[] ipad = new byte[alg.blockSize()];
        byte[] opad = new byte[alg.blockSize()];
        for (int i = 0; i < ipad.length; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        s.digests[0].update(ipad);
        s.hmacOuter = opad;
        s.ticketAllowed = false;
        return s;
    }

    /**
     * A CMAC sequence (TPM2_MAC_Start with a SYMCIPHER key, Part 3, 17.2): AES-CMAC over the data,
     * {@link #finish()} gives the MAC. It never yields a ticket and runs no digest. {@code mac}
     * is a new {@link Cmac} or one resumed from a saved state.
     */
    public static HashSequence cmac(Cmac mac, byte[] authValue) {
        HashSequence s = new HashSequence(authValue);
        s.cmac = mac;
        s.ticketAllowed = false;
        return s;
    }

    /** The running CMAC of a CMAC sequence (its key, chaining value and held-back block), or null. */
    public Cmac cmac() {
        return cmac;
    }

    private HashSequence(byte[] authValue) {
        this.alg = null;
        this.authValue = authValue;
        this.digests = new MessageDigest[0];
    }

    /** True for an event sequence (started with TPM_ALG_NULL). */
    public boolean isEvent() {
        return alg == null && cmac == null;
    }

    /** The hash of a hash sequence (null for an event sequence). */
    public HashAlgorithm alg() {
        return alg;
    }

    public byte[] authValue() {
        return authValue;
    }

    /** Adds {@code data[off, off+len)}. */
    public void update(byte[] data, int off, int len) {
        if (!started && len > 0) {
            started = true;
            if (Structures.beginsWithGenerated(data, off, len)) {
                ticketAllowed = false;
            }
        }
        for (MessageDigest d : digests) {
            d.update(data, off, len);
        }
        if (cmac != null) {
            cmac.update(data, off, len);
        }
    }

    /** True unless the data began with TPM_GENERATED_VALUE (never for an HMAC sequence). */
    public boolean ticketAllowed() {
        return ticketAllowed && hmacOuter == null && cmac == null;
    }

    /** The final digest of a hash sequence, or the MAC of an HMAC or CMAC sequence. */
    public byte[] finish() {
        if (cmac != null) {
            return cmac.finish();
        }
        byte[] inner = digests[0].digest();
        if (hmacOuter == null) {
            return inner;
        }
        MessageDigest outer = alg.newDigest();
        outer.update(hmacOuter);
        return outer.digest(inner);
    }

    /** The final digest of bank {@code h} of an event sequence. */
    public byte[] finish(HashAlgorithm h) {
        return digests[h.ordinal()].digest();
    }
}
