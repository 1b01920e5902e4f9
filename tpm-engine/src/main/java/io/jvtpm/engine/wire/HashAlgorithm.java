package io.jvtpm.engine.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash algorithms this TPM implements (TPMI_ALG_HASH, TPM 2.0 Library Part 2, 9.27; PCR
 * banks), in TPM_ALG_ID order, with their digest and block sizes and JCA names.
 */
public enum HashAlgorithm {
    SHA1(TpmAlgId.SHA1, 20, 64, "SHA-1", "HmacSHA1"),
    SHA256(TpmAlgId.SHA256, 32, 64, "SHA-256", "HmacSHA256"),
    SHA384(TpmAlgId.SHA384, 48, 128, "SHA-384", "HmacSHA384"),
    SHA512(TpmAlgId.SHA512, 64, 128, "SHA-512", "HmacSHA512");

    /** The largest digest size (sizeof(TPMU_HA)). */
    public static final int MAX_DIGEST = 64;

    private static final HashAlgorithm[] BY_ID = new HashAlgorithm[0x10];
    private static final HashAlgorithm[] ALL = values();

    static {
        for (HashAlgorithm h : ALL) {
            BY_ID[h.id] = h;
        }
    }

    private final int id;
    private final int digestSize;
    private final int blockSize;
    private final String jcaName;
    private final String hmacName;
    private final TpmAlgId alg;
    /** Never updated: only cloned. */
    private volatile MessageDigest prototype;

    HashAlgorithm(TpmAlgId alg, int digestSize, int blockSize, String jcaName, String hmacName) {
        this.alg = alg;
        this.id = alg.value();
        this.digestSize = digestSize;
        this.blockSize = blockSize;
        this.jcaName = jcaName;
        this.hmacName = hmacName;
        this.prototype = instance();
    }

    /** The TPM_ALG_ID. */
    public int id() {
        return id;
    }

    /** The TPM_ALG_ID as an enum. */
    public TpmAlgId alg() {
        return alg;
    }

    public int digestSize() {
        return digestSize;
    }

    public int blockSize() {
        return blockSize;
    }

    /** The JCA Mac algorithm name. */
    public String hmacName() {
        return hmacName;
    }

    /** The implemented hash with this TPM_ALG_ID, or null. */
    public static HashAlgorithm fromId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** All implemented hashes (shared array; do not modify). */
    public static HashAlgorithm[] all() {
        return ALL;
    }

    /** The digest of the concatenation of {@code parts}. */
    public byte[] digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    /**
     * A new JCA digest: a clone of a fresh prototype (a provider lookup per digest costs more
     * than hashing a state file), or a new instance where the provider's digest cannot be cloned.
     */
    public MessageDigest newDigest() {
        MessageDigest p = prototype;
        if (p != null) {
            try {
                return (MessageDigest) p.clone();
            } catch (CloneNotSupportedException e) {
                prototype = null;
            }
        }
        return instance();
    }

    private MessageDigest instance() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }
}
