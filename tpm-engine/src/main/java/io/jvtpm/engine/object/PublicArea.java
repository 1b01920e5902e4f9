package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.HashAlgorithm;

/**
 * TPMT_PUBLIC (TPM 2.0 Library Part 2, 12.2.4). {@code unique} is the RSA modulus, the ECC x
 * coordinate or the KEYEDHASH/SYMCIPHER digest; {@code uniqueY} the ECC y coordinate (else empty).
 * {@code nameAlg} is null only for a LoadExternal public key with TPM_ALG_NULL.
 */
public record PublicArea(ObjectType type, HashAlgorithm nameAlg, int attributes, byte[] authPolicy,
        PublicParms parms, byte[] unique, byte[] uniqueY) {

    public boolean has(int bit) {
        return (attributes & bit) != 0;
    }

    /** A restricted decryption key: a parent (storage key). */
    public boolean isStorageParent() {
        return has(ObjectAttributes.RESTRICTED) && has(ObjectAttributes.DECRYPT)
                && !has(ObjectAttributes.SIGN);
    }

    /** The symmetric definition of an RSA/ECC parent (TPMT_SYM_DEF_OBJECT), NULL for others. */
    public SymDef symmetric() {
        if (parms instanceof PublicParms.Rsa r) {
            return r.symmetric();
        } else if (parms instanceof PublicParms.Ecc e) {
            return e.symmetric();
        } else if (parms instanceof PublicParms.SymCipher s) {
            return s.sym();
        } else if (parms instanceof PublicParms.KeyedHash k) {
            return SymDef.NULL;
        }
        throw new IllegalStateException("unknown parameters");
    }

    /** The signing/encryption scheme of the key (NULL for SYMCIPHER). */
    public Scheme scheme() {
        if (parms instanceof PublicParms.Rsa r) {
            return r.scheme();
        } else if (parms instanceof PublicParms.Ecc e) {
            return e.scheme();
        } else if (parms instanceof PublicParms.KeyedHash k) {
            return k.scheme();
        } else if (parms instanceof PublicParms.SymCipher s) {
            return Scheme.NULL;
        }
        throw new IllegalStateException("unknown parameters");
    }

    /** The same area with another unique field. */
    public PublicArea withUnique(byte[] u, byte[] y) {
        return new PublicArea(type, nameAlg, attributes, authPolicy, parms, u, y);
    }
}
