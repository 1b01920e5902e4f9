package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.HashAlgorithm;
import java.security.MessageDigest;

/**
 * An object in a transient or persistent slot (TPM 2.0 Library Part 1, 25 and 27): its public
 * area and encoding, its Name, its sensitive area (absent for a public-only LoadExternal), the
 * hierarchy it belongs to, and its JCA keys, built once on first use.
 */
public final class LoadedObject {
    private final PublicArea pub;
    private final byte[] encodedPublic;
    private final byte[] name;
    private final SensitiveArea sensitive;
    private final int hierarchy;
    private final boolean external;
    private KeyMaterial keys;
    private byte[] qualifiedName;

    public LoadedObject(PublicArea pub, SensitiveArea sensitive, int hierarchy, boolean external) {
        this.pub = pub;
        this.encodedPublic = PublicCodec.encode(pub);
        this.name = name(pub.nameAlg(), encodedPublic);
        this.sensitive = sensitive;
        this.hierarchy = hierarchy;
        this.external = external;
    }

    /**
     * The Name of a public area (Part 1, 16): nameAlg || H_nameAlg(TPMT_PUBLIC), or for
     * TPM_ALG_NULL just the TPM_ALG_ID.
     */
    public static byte[] name(HashAlgorithm nameAlg, byte[] encodedPublic) {
        if (nameAlg == null) {
            return new byte[] {0x00, 0x10};
        }
        MessageDigest md = nameAlg.newDigest();
        byte[] d = md.digest(encodedPublic);
        byte[] n = new byte[2 + d.length];
        n[0] = (byte) (nameAlg.id() >>> 8);
        n[1] = (byte) nameAlg.id();
        System.arraycopy(d, 0, n, 2, d.length);
        return n;
    }

    /** The Qualified Name (Part 1, 16.6), or the Name until one was set. */
    public byte[] qualifiedName() {
        return qualifiedName == null ? name : qualifiedName;
    }

    /**
     * Sets the Qualified Name from the parent's: nameAlg || H_nameAlg(parentQN || Name); for a
     * primary the parent's is the hierarchy handle.
     */
    public LoadedObject qualify(byte[] parentQualifiedName) {
        if (pub.nameAlg() == null) {
            qualifiedName = name;
            return this;
        }
        MessageDigest md = pub.nameAlg().newDigest();
        md.update(parentQualifiedName);
        byte[] d = md.digest(name);
        byte[] q = new byte[2 + d.length];
        q[0] = name[0];
        q[1] = name[1];
        System.arraycopy(d, 0, q, 2, d.length);
        qualifiedName = q;
        return this;
    }

    /** Sets the Qualified Name directly (restoring a saved context). */
    public LoadedObject qualifiedName(byte[] qn) {
        qualifiedName = qn;
        return this;
    }

    public PublicArea publicArea() {
        return pub;
    }

    /** The marshalled TPMT_PUBLIC. */
    public byte[] encodedPublic() {
        return encodedPublic;
    }

    public byte[] name() {
        return name;
    }

    /** The sensitive area, or null for a public-only object. */
    public SensitiveArea sensitive() {
        return sensitive;
    }

    /** TPM_RH_OWNER, ENDORSEMENT, PLATFORM or NULL. */
    public int hierarchy() {
        return hierarchy;
    }

    /** True when loaded with TPM2_LoadExternal (no tickets from such keys). */
    public boolean external() {
        return external;
    }

    /** The authValue (empty for a public-only object). */
    public byte[] authValue() {
        return sensitive == null ? new byte[0] : sensitive.authValue();
    }

    /** The JCA keys of an RSA or ECC object. */
    public KeyMaterial keys() {
        if (keys == null) {
            keys = KeyMaterial.of(pub, sensitive);
        }
        return keys;
    }

    public boolean has(int bit) {
        return pub.has(bit);
    }
}
