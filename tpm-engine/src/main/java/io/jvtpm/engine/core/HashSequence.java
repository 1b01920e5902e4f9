package io.jvtpm.engine.core;

import io.jvtpm.engine.crypto.Cmac;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.digests.EncodableDigest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * A hash or event sequence object (TPM 2.0 Library Part 3, 17.3 TPM2_HashSequenceStart): running
 * digests, its authValue, and whether the first block began with TPM_GENERATED_VALUE (then no
 * ticket is produced). An event sequence runs a digest for every implemented hash. The whole
 * state can be written out and read back ({@link #encode()}, {@link #decode(byte[])}) for a saved
 * context (Part 1, 30.3), which is why the running digests are ones whose state can be exported.
 */
public final class HashSequence {
    private static final int HASH = 0;
    private static final int EVENT = 1;
    private static final int HMAC = 2;
    private static final int CMAC = 3;
    private static final int MAX_STATE = 512;

    private final HashAlgorithm alg;
    private final byte[] authValue;
    private final ExtendedDigest[] digests;
    private boolean started;
    private boolean ticketAllowed = true;
    /** For an HMAC sequence (TPM2_HMAC_Start): the key XOR opad block; null otherwise. */
    private byte[] hmacOuter;
    /** For a CMAC sequence (TPM2_MAC_Start with TPM_ALG_CMAC): the running MAC; null otherwise. */
    private Cmac cmac;

    /** A sequence for {@code alg}, or an event sequence when {@code alg} is null. */
    public HashSequence(HashAlgorithm alg, byte[] authValue) {
        this.alg = alg;
        this.authValue = authValue;
        if (alg == null) {
            HashAlgorithm[] all = HashAlgorithm.all();
            digests = new ExtendedDigest[all.length];
            for (HashAlgorithm h : all) {
                digests[h.ordinal()] = digest(h, null);
            }
        } else {
            digests = new ExtendedDigest[] {digest(alg, null)};
        }
    }

    /** A running digest of {@code h}, fresh or from an exported {@code state}. */
    private static ExtendedDigest digest(HashAlgorithm h, byte[] state) {
        return switch (h) {
            case SHA1 -> state == null ? new SHA1Digest() : new SHA1Digest(state);
            case SHA256 -> state == null ? new SHA256Digest() : new SHA256Digest(state);
            case SHA384 -> state == null ? new SHA384Digest() : new SHA384Digest(state);
            case SHA512 -> state == null ? new SHA512Digest() : new SHA512Digest(state);
        };
    }

    /**
     * An HMAC sequence (TPM2_HMAC_Start, Part 3, 17.2; RFC 2104): the inner digest starts with
     * key XOR ipad, {@link #finish()} applies the outer digest. It never yields a ticket.
     */
    public static HashSequence hmac(HashAlgorithm alg, byte[] key, byte[] authValue) {
        HashSequence s = new HashSequence(alg, authValue);
        byte[] k = key.length > alg.blockSize() ? alg.newDigest().digest(key) : key;
        byte[] ipad = new byte[alg.blockSize()];
        byte[] opad = new byte[alg.blockSize()];
        for (int i = 0; i < ipad.length; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        s.digests[0].update(ipad, 0, ipad.length);
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
        this.digests = new ExtendedDigest[0];
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
        for (ExtendedDigest d : digests) {
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
        byte[] inner = finish(digests[0]);
        if (hmacOuter == null) {
            return inner;
        }
        ExtendedDigest outer = digest(alg, null);
        outer.update(hmacOuter, 0, hmacOuter.length);
        outer.update(inner, 0, inner.length);
        return finish(outer);
    }

    /** The final digest of bank {@code h} of an event sequence. */
    public byte[] finish(HashAlgorithm h) {
        return finish(digests[h.ordinal()]);
    }

    private static byte[] finish(ExtendedDigest d) {
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    /**
     * The sequence's whole state, for a saved context (Part 1, 30.3): kind, hash, authValue,
     * flags, then the running digests (and the HMAC's outer block) or the CMAC's key, chaining
     * value and held-back bytes.
     */
    public byte[] encode() {
        TpmWriter w = new TpmWriter(1024);
        int kind = cmac != null ? CMAC : alg == null ? EVENT : hmacOuter == null ? HASH : HMAC;
        w.u8(kind).u16(alg == null ? 0 : alg.id());
        w.tpm2b(authValue).u8(started ? 1 : 0).u8(ticketAllowed ? 1 : 0);
        for (ExtendedDigest d : digests) {
            w.tpm2b(((EncodableDigest) d).getEncodedState());
        }
        if (hmacOuter != null) {
            w.tpm2b(hmacOuter);
        }
        if (cmac != null) {
            w.tpm2b(cmac.key()).tpm2b(cmac.chain()).tpm2b(cmac.pending());
        }
        return w.toByteArray();
    }

    /** A sequence from {@link #encode()}; malformed input is TPM_RC_INTEGRITY. */
    public static HashSequence decode(byte[] b) {
        try {
            TpmReader r = new TpmReader(b, 0, b.length);
            int kind = r.u8();
            int id = r.u16();
            HashAlgorithm h = kind == EVENT || kind == CMAC ? null : HashAlgorithm.fromId(id);
            if (kind > CMAC || (kind == HASH || kind == HMAC) && h == null) {
                throw new TpmRcException(TpmRc.INTEGRITY.value());
            }
            byte[] authValue = r.tpm2b(HashAlgorithm.MAX_DIGEST);
            boolean started = r.u8() == 1;
            boolean ticketAllowed = r.u8() == 1;
            HashSequence s;
            if (kind == CMAC) {
                s = cmac(Cmac.resume(r.tpm2b(MAX_STATE), r.tpm2b(MAX_STATE), r.tpm2b(MAX_STATE)), authValue);
            } else {
                s = new HashSequence(h, authValue);
                for (int i = 0; i < s.digests.length; i++) {
                    s.digests[i] = digest(h == null ? HashAlgorithm.all()[i] : h, r.tpm2b(MAX_STATE));
                }
                if (kind == HMAC) {
                    s.hmacOuter = r.tpm2b(MAX_STATE);
                }
            }
            s.started = started;
            s.ticketAllowed = ticketAllowed;
            r.end();
            return s;
        } catch (RuntimeException e) {
            throw new TpmRcException(TpmRc.INTEGRITY.value());
        }
    }
}
