package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.EccCurve;

/** TPMU_PUBLIC_PARMS (TPM 2.0 Library Part 2, 12.2.3.7): the parameters of each object type. */
public sealed interface PublicParms {
    /** TPMS_RSA_PARMS; {@code exponent} 0 means 65537. */
    record Rsa(SymDef symmetric, Scheme scheme, int keyBits, int exponent) implements PublicParms {
    }

    /** TPMS_ECC_PARMS. */
    record Ecc(SymDef symmetric, Scheme scheme, EccCurve curve, Scheme kdf) implements PublicParms {
    }

    /** TPMS_KEYEDHASH_PARMS (HMAC, XOR or NULL scheme; XOR keeps its KDF in {@code xorKdf}). */
    record KeyedHash(Scheme scheme, int xorKdf) implements PublicParms {
    }

    /** TPMS_SYMCIPHER_PARMS. */
    record SymCipher(SymDef sym) implements PublicParms {
    }
}
