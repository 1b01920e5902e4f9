package io.jvtpm.examples.boot.measure;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The PCR bank hash algorithms, by TPM_ALG_ID (TPM 2.0 Library Part 2, section 6.3; TCG Algorithm Registry). */
public enum HashAlgorithm {
    SHA1(0x0004, 20, "SHA-1"),
    SHA256(0x000B, 32, "SHA-256"),
    SHA384(0x000C, 48, "SHA-384"),
    SHA512(0x000D, 64, "SHA-512");

    private final int algId;
    private final int digestSize;
    private final String jcaName;

    HashAlgorithm(int algId, int digestSize, String jcaName) {
        this.algId = algId;
        this.digestSize = digestSize;
        this.jcaName = jcaName;
    }

    public int algId() {
        return algId;
    }

    public int digestSize() {
        return digestSize;
    }

    public static Optional<HashAlgorithm> byAlgId(int id) {
        for (HashAlgorithm a : values()) {
            if (a.algId == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The digest of the concatenation of {@code parts}. */
    public byte[] digest(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** The PCR value after extending {@code pcr} with {@code digest}: H(pcr || digest). */
    public byte[] extend(byte[] pcr, byte[] digest) {
        return digest(pcr, digest);
    }
}
