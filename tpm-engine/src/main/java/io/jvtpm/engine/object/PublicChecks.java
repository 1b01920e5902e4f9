package io.jvtpm.engine.object;

import static io.jvtpm.engine.object.ObjectAttributes.DECRYPT;
import static io.jvtpm.engine.object.ObjectAttributes.ENCRYPTED_DUPLICATION;
import static io.jvtpm.engine.object.ObjectAttributes.FIXED_PARENT;
import static io.jvtpm.engine.object.ObjectAttributes.FIXED_TPM;
import static io.jvtpm.engine.object.ObjectAttributes.RESTRICTED;
import static io.jvtpm.engine.object.ObjectAttributes.SENSITIVE_DATA_ORIGIN;
import static io.jvtpm.engine.object.ObjectAttributes.SIGN;

import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;

/**
 * The consistency checks of a public area (TPM 2.0 Library Part 1, 27 "Object Attributes";
 * Part 3, 12.1 Create, 12.2 Load, 12.3 LoadExternal, 12.9 CreateLoaded, 24.1 CreatePrimary), in
 * the order and with the response codes of the reference implementation (CreateChecks,
 * PublicAttributesValidation, SchemeChecks), which libtpms answers with: attributes against each
 * other and against the parent, then the schemes and symmetric definitions the attributes allow.
 * Every failure names the parameter {@code param} (the template or public area).
 */
public final class PublicChecks {

    private PublicChecks() {
    }

    private static TpmRcException fail(TpmRc rc, int param) {
        return new TpmRcException(rc.param(param));
    }

    /**
     * The checks of a creation template (CreateChecks): whether the TPM or the caller supplies the
     * sensitive data ({@code dataSize} bytes of it), then {@link #validateAttributes}.
     * {@code parent} is null for a primary object.
     */
    public static void create(PublicArea t, PublicArea parent, int dataSize, int param) {
        boolean origin = t.has(SENSITIVE_DATA_ORIGIN);
        if (!origin && dataSize == 0) {
            throw fail(TpmRc.ATTRIBUTES, param);
        }
        if (parent != null && origin && dataSize != 0) {
            throw fail(TpmRc.ATTRIBUTES, param);
        }
        switch (t.type()) {
            case KEYEDHASH, SYMCIPHER -> {
                if (t.type() == ObjectType.KEYEDHASH && !t.has(SIGN) && !t.has(DECRYPT) && origin) {
                    // a data object: the TPM cannot be the source of the data
                    throw fail(TpmRc.ATTRIBUTES, param);
                }
                if (t.has(RESTRICTED) && !origin && (t.has(FIXED_PARENT) || t.has(FIXED_TPM))) {
                    throw fail(TpmRc.ATTRIBUTES, param);
                }
            }
            case RSA, ECC -> {
                if (!origin) {
                    throw fail(TpmRc.ATTRIBUTES, param);
                }
            }
        }
        validateAttributes(t, parent, param);
    }

    /**
     * The checks every loaded object passes (PublicAttributesValidation): a name algorithm, the
     * policy size, fixedTPM/fixedParent against the parent ({@code parent} null for a primary or
     * external object), sign/decrypt/restricted, encryptedDuplication; then {@link #schemes}.
     */
    public static void validateAttributes(PublicArea t, PublicArea parent, int param) {
        if (t.nameAlg() == null) {
            throw fail(TpmRc.HASH, param);
        }
        if (t.authPolicy().length != 0 && t.authPolicy().length != t.nameAlg().digestSize()) {
            throw fail(TpmRc.SIZE, param);
        }
        if (parent == null || parent.has(FIXED_TPM)) {
            if (t.has(FIXED_PARENT) != t.has(FIXED_TPM)) {
                throw fail(TpmRc.ATTRIBUTES, param);
            }
        } else if (t.has(FIXED_TPM)) {
            throw fail(TpmRc.ATTRIBUTES, param);
        }
        if (t.has(SIGN) == t.has(DECRYPT)) {
            // restricted keys are one or the other; only a data object is neither
            if (t.has(RESTRICTED) || (t.type() != ObjectType.KEYEDHASH && !t.has(SIGN))) {
                throw fail(TpmRc.ATTRIBUTES, param);
            }
        }
        if (t.has(FIXED_TPM) && t.has(ENCRYPTED_DUPLICATION)) {
            throw fail(TpmRc.ATTRIBUTES, param);
        }
        if (parent != null && !parent.has(FIXED_TPM)
                && t.has(ENCRYPTED_DUPLICATION) != parent.has(ENCRYPTED_DUPLICATION)) {
            throw fail(TpmRc.ATTRIBUTES, param);
        }
        schemes(t, parent, param);
    }

    /**
     * The schemes and symmetric definition the attributes allow (SchemeChecks); also the whole
     * check of a public-only key of LoadExternal. A non-duplicable storage key has the name
     * algorithm (TPM_RC_HASH) and symmetric definition (TPM_RC_SYMMETRIC) of its parent.
     */
    public static void schemes(PublicArea t, PublicArea parent, int param) {
        switch (t.type()) {
            case SYMCIPHER -> {
                // a decryption key needs a cipher mode (or none); CMAC suits a signing key only
                if (t.has(DECRYPT) && t.symmetric().mode() != null && !t.symmetric().mode().isCipher()) {
                    throw fail(TpmRc.SCHEME, param);
                }
            }
            case KEYEDHASH -> keyedHashScheme(t, param);
            case RSA, ECC -> asymmetricScheme(t, param);
        }
        if (t.type() != ObjectType.KEYEDHASH && t.has(RESTRICTED) && t.has(DECRYPT)) {
            SymDef sym = t.symmetric();
            if (sym.isNull()) {
                throw fail(TpmRc.SYMMETRIC, param);
            }
            if (t.has(FIXED_PARENT) && parent != null) {
                if (t.nameAlg() != parent.nameAlg()) {
                    throw fail(TpmRc.HASH, param);
                }
                if (!sym.equals(parent.symmetric())) {
                    throw fail(TpmRc.SYMMETRIC, param);
                }
            }
        }
    }

    /** HMAC for a signing key, XOR for a decryption key (SP800-108 for a derivation parent), else NULL. */
    private static void keyedHashScheme(PublicArea t, int param) {
        Scheme scheme = t.scheme();
        if (t.has(SIGN) == t.has(DECRYPT)) {
            if (!scheme.isNull()) {
                throw fail(TpmRc.SCHEME, param);
            }
        } else if (t.has(SIGN)) {
            if (scheme.alg() != TpmAlgId.HMAC.value()) {
                throw fail(TpmRc.SCHEME, param);
            }
        } else {
            if (scheme.alg() != TpmAlgId.XOR.value()) {
                throw fail(TpmRc.SCHEME, param);
            }
            PublicParms.KeyedHash kh = (PublicParms.KeyedHash) t.parms();
            if (t.has(RESTRICTED) && kh.xorKdf() != TpmAlgId.KDF1_SP800_108.value()) {
                throw fail(TpmRc.SCHEME, param);
            }
        }
    }

    /** RSA and ECC: the scheme against sign/decrypt/restricted, a symmetric definition only for a parent, no KDF. */
    private static void asymmetricScheme(PublicArea t, int param) {
        Scheme scheme = t.scheme();
        boolean restricted = t.has(RESTRICTED);
        if (t.has(SIGN) == t.has(DECRYPT)) {
            if (!scheme.isNull()) {
                throw fail(TpmRc.SCHEME, param);
            }
        } else if (t.has(SIGN)) {
            if (!isSignScheme(scheme.alg()) && (restricted || !scheme.isNull())) {
                throw fail(TpmRc.SCHEME, param);
            }
        } else if (restricted ? !scheme.isNull() : !scheme.isNull() && !isDecryptScheme(scheme.alg())) {
            throw fail(TpmRc.SCHEME, param);
        }
        if ((!restricted || !t.has(DECRYPT)) && !t.symmetric().isNull()) {
            throw fail(TpmRc.SYMMETRIC, param);
        }
        if (t.parms() instanceof PublicParms.Ecc ecc && !ecc.kdf().isNull()) {
            throw fail(TpmRc.KDF, param);
        }
    }

    private static boolean isSignScheme(int alg) {
        return alg == TpmAlgId.RSASSA.value() || alg == TpmAlgId.RSAPSS.value() || alg == TpmAlgId.ECDSA.value()
                || alg == TpmAlgId.ECDAA.value() || alg == TpmAlgId.ECSCHNORR.value();
    }

    private static boolean isDecryptScheme(int alg) {
        return alg == TpmAlgId.RSAES.value() || alg == TpmAlgId.OAEP.value() || alg == TpmAlgId.ECDH.value();
    }
}
