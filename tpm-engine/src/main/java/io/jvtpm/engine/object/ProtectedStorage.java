package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Hmac;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmRc;
import java.security.MessageDigest;

/**
 * Protected storage (TPM 2.0 Library Part 1, 22 "Protected Storage" and 23 "Protected Storage
 * Hierarchy"): the outer wrap of a sensitive area under a parent's seed. The symmetric key is
 * KDFa(parent nameAlg, seed, "STORAGE", Name, -, keyBits), the HMAC key KDFa(parent nameAlg,
 * seed, "INTEGRITY", -, -, digest bits); the blob is TPM2B_DIGEST(HMAC(encSensitive || Name)) ||
 * encSensitive with encSensitive = AES-CFB(zero IV)(TPM2B_SENSITIVE). Duplication blobs and
 * credentials use the same wrap with another seed.
 */
public final class ProtectedStorage {
    private ProtectedStorage() {
    }

    /** The wrap of {@code sensitive} for an object named {@code name} under {@code parent}. */
    public static byte[] wrap(LoadedObject parent, byte[] name, SensitiveArea sensitive) {
        return wrap(parent.publicArea().nameAlg(), parent.sensitive().seedValue(), parent.publicArea().symmetric(),
                name, sized(PublicCodec.encodeSensitive(sensitive)));
    }

    /**
     * The sensitive area in a TPM2B_PRIVATE body under {@code parent}. Anything that does not
     * authenticate is TPM_RC_INTEGRITY for parameter {@code param}.
     */
    public static SensitiveArea unwrap(LoadedObject parent, byte[] name, byte[] blob, int param) {
        byte[] plain = unwrap(parent.publicArea().nameAlg(), parent.sensitive().seedValue(),
                parent.publicArea().symmetric(), name, blob, param);
        return decodeSized(plain, param);
    }

    /** TPM2B_SENSITIVE: a UINT16 size then the TPMT_SENSITIVE. */
    public static byte[] sized(byte[] b) {
        TpmWriter w = new TpmWriter(b.length + 2);
        w.tpm2b(b);
        return w.toByteArray();
    }

    /** The TPMT_SENSITIVE inside a TPM2B_SENSITIVE; TPM_RC_INTEGRITY when sizes disagree. */
    public static SensitiveArea decodeSized(byte[] plain, int param) {
        try {
            TpmReader r = new TpmReader(plain, 0, plain.length);
            byte[] inner = r.tpm2b(0xFFFF);
            r.end();
            return PublicCodec.decodeSensitive(inner);
        } catch (TpmRcException e) {
            throw new TpmRcException(TpmRc.INTEGRITY.param(param));
        }
    }

    /** The generic outer wrap: HMAC-protected, CFB-encrypted {@code plain}. */
    public static byte[] wrap(HashAlgorithm h, byte[] seed, SymDef sym, byte[] name, byte[] plain) {
        byte[] key = Kdf.kdfa(h, seed, "STORAGE", name, null, sym.keyBits());
        byte[] enc = SymCipher.cfbZeroIv(true, key, plain);
        byte[] hmacKey = Kdf.kdfa(h, seed, "INTEGRITY", null, null, h.digestSize() * 8);
        byte[] mac = Hmac.compute(h, hmacKey, enc, name);
        TpmWriter w = new TpmWriter(2 + mac.length + enc.length);
        w.tpm2b(mac).bytes(enc);
        return w.toByteArray();
    }

    /** Checks and removes the generic outer wrap. */
    public static byte[] unwrap(HashAlgorithm h, byte[] seed, SymDef sym, byte[] name, byte[] blob, int param) {
        TpmRcException integrity = new TpmRcException(TpmRc.INTEGRITY.param(param));
        if (blob.length < 2) {
            throw integrity;
        }
        int macLen = TpmWire.u16(blob, 0);
        if (macLen != h.digestSize() || blob.length < 2 + macLen) {
            throw integrity;
        }
        byte[] mac = new byte[macLen];
        System.arraycopy(blob, 2, mac, 0, macLen);
        byte[] enc = new byte[blob.length - 2 - macLen];
        System.arraycopy(blob, 2 + macLen, enc, 0, enc.length);
        byte[] hmacKey = Kdf.kdfa(h, seed, "INTEGRITY", null, null, h.digestSize() * 8);
        if (!MessageDigest.isEqual(mac, Hmac.compute(h, hmacKey, enc, name))) {
            throw integrity;
        }
        byte[] key = Kdf.kdfa(h, seed, "STORAGE", name, null, sym.keyBits());
        return SymCipher.cfbZeroIv(false, key, enc);
    }
}
