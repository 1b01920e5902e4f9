package io.jvtpm.engine.object;

import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;

/**
 * Marshalling of TPMT_PUBLIC / TPM2B_PUBLIC and of TPMT_SENSITIVE (TPM 2.0 Library Part 2, 12.2
 * and 12.3) with the unmarshalling checks of the interface types: TPM_RC_TYPE, HASH, SYMMETRIC,
 * VALUE (key sizes, RSA and keyed-hash schemes, as libtpms), MODE, SCHEME, CURVE, KDF, RESERVED_BITS and
 * SIZE for values outside them.
 */
public final class PublicCodec {
    /** MAX_RSA_KEY_BYTES. */
    public static final int MAX_RSA_BYTES = 384;
    /** MAX_ECC_KEY_BYTES. */
    public static final int MAX_ECC_BYTES = 66;
    /** sizeof(TPMU_PUBLIC_ID) bound for digests. */
    public static final int MAX_DIGEST = HashAlgorithm.MAX_DIGEST;
    /** MAX_SYM_DATA (sealed data, sizeof TPM2B_SENSITIVE_DATA). */
    public static final int MAX_SYM_DATA = 128;

    private static final int NULL = TpmAlgId.NULL.value();

    private PublicCodec() {
    }

    /** Reads a TPM2B_PUBLIC; an empty one is TPM_RC_SIZE. */
    public static PublicArea read2b(TpmReader r, boolean allowNullNameAlg) {
        return r.sized2b(body -> read(body, allowNullNameAlg));
    }

    /** Reads a TPMT_PUBLIC. */
    public static PublicArea read(TpmReader r, boolean allowNullNameAlg) {
        ObjectType type = ObjectType.fromId(r.u16());
        if (type == null) {
            throw r.fail(TpmRc.TYPE);
        }
        int na = r.u16();
        HashAlgorithm nameAlg = HashAlgorithm.fromId(na);
        if (nameAlg == null && !(allowNullNameAlg && na == NULL)) {
            throw r.fail(TpmRc.HASH);
        }
        int attrs = r.u32();
        if ((attrs & ObjectAttributes.RESERVED) != 0) {
            throw r.fail(TpmRc.RESERVED_BITS);
        }
        byte[] policy = r.tpm2b(MAX_DIGEST);
        return switch (type) {
            case RSA -> readRsa(r, nameAlg, attrs, policy);
            case ECC -> readEcc(r, nameAlg, attrs, policy);
            case KEYEDHASH -> readKeyedHash(r, nameAlg, attrs, policy);
            case SYMCIPHER -> readSymCipher(r, nameAlg, attrs, policy);
        };
    }

    /** TPMS_RSA_PARMS and its TPM2B_PUBLIC_KEY_RSA unique field. */
    private static PublicArea readRsa(TpmReader r, HashAlgorithm nameAlg, int attrs, byte[] policy) {
        SymDef sym = readSymDef(r);
        Scheme scheme = readScheme(r, TpmRc.VALUE, TpmAlgId.RSASSA.value(), TpmAlgId.RSAPSS.value(),
                TpmAlgId.RSAES.value(), TpmAlgId.OAEP.value());
        int bits = r.u16();
        if (bits != 1024 && bits != 2048 && bits != 3072) {
            throw r.fail(TpmRc.VALUE);
        }
        int exp = r.u32();
        PublicParms parms = new PublicParms.Rsa(sym, scheme, bits, exp);
        byte[] unique = r.tpm2b(MAX_RSA_BYTES);
        return new PublicArea(ObjectType.RSA, nameAlg, attrs, policy, parms, unique, new byte[0]);
    }

    /** TPMS_ECC_PARMS and its TPMS_ECC_POINT unique field. */
    private static PublicArea readEcc(TpmReader r, HashAlgorithm nameAlg, int attrs, byte[] policy) {
        SymDef sym = readSymDef(r);
        Scheme scheme = readScheme(r, TpmRc.SCHEME, TpmAlgId.ECDSA.value(), TpmAlgId.ECDH.value(),
                TpmAlgId.ECDAA.value(), TpmAlgId.ECSCHNORR.value());
        EccCurve curve = EccCurve.fromId(r.u16());
        if (curve == null) {
            throw r.fail(TpmRc.CURVE);
        }
        Scheme kdf = readEccKdf(r);
        PublicParms parms = new PublicParms.Ecc(sym, scheme, curve, kdf);
        byte[] unique = r.tpm2b(MAX_ECC_BYTES);
        byte[] uniqueY = r.tpm2b(MAX_ECC_BYTES);
        return new PublicArea(ObjectType.ECC, nameAlg, attrs, policy, parms, unique, uniqueY);
    }

    /** TPMT_KDF_SCHEME of an ECC key: NULL or one of the KDFs with its hash; else TPM_RC_KDF. */
    private static Scheme readEccKdf(TpmReader r) {
        int kdfAlg = r.u16();
        if (kdfAlg == NULL) {
            return Scheme.NULL;
        }
        if (kdfAlg == TpmAlgId.KDF1_SP800_56A.value() || kdfAlg == TpmAlgId.KDF2.value()
                || kdfAlg == TpmAlgId.KDF1_SP800_108.value()) {
            return new Scheme(kdfAlg, readHashNotNull(r));
        }
        throw r.fail(TpmRc.KDF);
    }

    /** TPMS_KEYEDHASH_PARMS (NULL, HMAC or XOR scheme with any KDF or none) and its TPM2B_DIGEST unique field. */
    private static PublicArea readKeyedHash(TpmReader r, HashAlgorithm nameAlg, int attrs, byte[] policy) {
        int alg = r.u16();
        PublicParms parms;
        if (alg == NULL) {
            parms = new PublicParms.KeyedHash(Scheme.NULL, 0);
        } else if (alg == TpmAlgId.HMAC.value()) {
            parms = new PublicParms.KeyedHash(new Scheme(alg, readHashNotNull(r)), 0);
        } else if (alg == TpmAlgId.XOR.value()) {
            HashAlgorithm h = readHashNotNull(r);
            int kdf = r.u16();
            if (kdf != NULL && kdf != TpmAlgId.MGF1.value() && kdf != TpmAlgId.KDF1_SP800_56A.value()
                    && kdf != TpmAlgId.KDF2.value() && kdf != TpmAlgId.KDF1_SP800_108.value()) {
                throw r.fail(TpmRc.KDF);
            }
            parms = new PublicParms.KeyedHash(new Scheme(alg, h), kdf);
        } else {
            // TPMI_ALG_KEYEDHASH_SCHEME
            throw r.fail(TpmRc.VALUE);
        }
        byte[] unique = r.tpm2b(MAX_DIGEST);
        return new PublicArea(ObjectType.KEYEDHASH, nameAlg, attrs, policy, parms, unique, new byte[0]);
    }

    /** TPMS_SYMCIPHER_PARMS (a NULL symmetric definition is TPM_RC_SYMMETRIC) and its unique digest. */
    private static PublicArea readSymCipher(TpmReader r, HashAlgorithm nameAlg, int attrs, byte[] policy) {
        SymDef sym = readSymDef(r);
        if (sym.isNull()) {
            throw r.fail(TpmRc.SYMMETRIC);
        }
        PublicParms parms = new PublicParms.SymCipher(sym);
        byte[] unique = r.tpm2b(MAX_DIGEST);
        return new PublicArea(ObjectType.SYMCIPHER, nameAlg, attrs, policy, parms, unique, new byte[0]);
    }

    private static HashAlgorithm readHashNotNull(TpmReader r) {
        HashAlgorithm h = HashAlgorithm.fromId(r.u16());
        if (h == null) {
            throw r.fail(TpmRc.HASH);
        }
        return h;
    }

    /** TPMT_SYM_DEF_OBJECT+ : AES with 128/192/256 and a mode, or NULL. */
    public static SymDef readSymDef(TpmReader r) {
        int alg = r.u16();
        if (alg == NULL) {
            return SymDef.NULL;
        }
        if (alg != TpmAlgId.AES.value()) {
            throw r.fail(TpmRc.SYMMETRIC);
        }
        int bits = r.u16();
        if (bits != 128 && bits != 192 && bits != 256) {
            // TPMI_AES_KEY_BITS
            throw r.fail(TpmRc.VALUE);
        }
        int modeId = r.u16();
        SymCipher mode = SymCipher.fromId(modeId);
        if (mode == null && modeId != NULL) {
            throw r.fail(TpmRc.MODE);
        }
        return new SymDef(true, bits, mode);
    }

    /** A TPMT_RSA_SCHEME or TPMT_ECC_SCHEME; an algorithm outside {@code allowed} is {@code unknown}. */
    private static Scheme readScheme(TpmReader r, TpmRc unknown, int... allowed) {
        int alg = r.u16();
        if (alg == NULL) {
            return Scheme.NULL;
        }
        for (int a : allowed) {
            if (a == alg) {
                if (alg == TpmAlgId.RSAES.value()) {
                    return new Scheme(alg, null);
                }
                HashAlgorithm h = readHashNotNull(r);
                return alg == TpmAlgId.ECDAA.value() ? new Scheme(alg, h, r.u16()) : new Scheme(alg, h);
            }
        }
        throw r.fail(unknown);
    }

    /** Writes a TPMT_PUBLIC. */
    public static void write(TpmWriter w, PublicArea p) {
        w.u16(p.type().id());
        w.u16(p.nameAlg() == null ? NULL : p.nameAlg().id());
        w.u32(p.attributes());
        w.tpm2b(p.authPolicy());
        if (p.parms() instanceof PublicParms.Rsa rsa) {
            writeSymDef(w, rsa.symmetric());
            writeScheme(w, rsa.scheme());
            w.u16(rsa.keyBits()).u32(rsa.exponent());
            w.tpm2b(p.unique());
        } else if (p.parms() instanceof PublicParms.Ecc ecc) {
            writeSymDef(w, ecc.symmetric());
            writeScheme(w, ecc.scheme());
            w.u16(ecc.curve().id());
            writeScheme(w, ecc.kdf());
            w.tpm2b(p.unique()).tpm2b(p.uniqueY());
        } else if (p.parms() instanceof PublicParms.KeyedHash kh) {
            writeScheme(w, kh.scheme());
            if (kh.scheme().alg() == TpmAlgId.XOR.value()) {
                w.u16(kh.xorKdf());
            }
            w.tpm2b(p.unique());
        } else if (p.parms() instanceof PublicParms.SymCipher sc) {
            writeSymDef(w, sc.sym());
            w.tpm2b(p.unique());
        }
    }

    /** The marshalled TPMT_PUBLIC. */
    public static byte[] encode(PublicArea p) {
        TpmWriter w = new TpmWriter(512);
        write(w, p);
        return w.toByteArray();
    }

    /** Writes a TPM2B_PUBLIC. */
    public static void write2b(TpmWriter w, PublicArea p) {
        w.tpm2b(encode(p));
    }

    public static void writeSymDef(TpmWriter w, SymDef s) {
        if (s.isNull()) {
            w.u16(NULL);
        } else {
            w.u16(TpmAlgId.AES.value()).u16(s.keyBits()).u16(s.mode() == null ? NULL : s.mode().id());
        }
    }

    public static void writeScheme(TpmWriter w, Scheme s) {
        w.u16(s.alg());
        if (s.hash() != null) {
            w.u16(s.hash().id());
        }
        if (s.isEcdaa()) {
            w.u16(s.count());
        }
    }

    /** Writes a TPMT_SENSITIVE. */
    public static byte[] encodeSensitive(SensitiveArea s) {
        TpmWriter w = new TpmWriter(512);
        w.u16(s.type().id());
        w.tpm2b(s.authValue()).tpm2b(s.seedValue()).tpm2b(s.sensitive());
        return w.toByteArray();
    }

    /** Reads a TPMT_SENSITIVE filling {@code b} exactly. */
    public static SensitiveArea decodeSensitive(byte[] b) {
        TpmReader r = new TpmReader(b, 0, b.length);
        ObjectType t = ObjectType.fromId(r.u16());
        if (t == null) {
            throw new TpmRcException(TpmRc.TYPE.value());
        }
        byte[] auth = r.tpm2b(MAX_DIGEST);
        byte[] seed = r.tpm2b(MAX_DIGEST);
        byte[] sens = r.tpm2b(t == ObjectType.RSA ? MAX_RSA_BYTES / 2 * 5 : t == ObjectType.ECC ? MAX_ECC_BYTES
                : MAX_SYM_DATA);
        r.end();
        return new SensitiveArea(t, auth, seed, sens);
    }
}
