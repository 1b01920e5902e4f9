package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.object.ProtectedStorage;
import io.jvtpm.engine.object.PublicArea;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.SymDef;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;

/**
 * TPM2_Duplicate (TPM 2.0 Library Part 3, 13.1; Part 1, 23.3 "Duplication"): the object's
 * TPM2B_SENSITIVE, optionally inside an inner wrap (AES-CFB with a caller's or a fresh key,
 * integrity H_nameAlg(TPM2B_SENSITIVE || Name)), then inside an outer wrap keyed by a seed shared
 * with the new parent. Authorization is the DUP role: a policy session with PolicyCommandCode.
 * TPM2_Rewrap (Part 3, 13.2) moves such a duplicate from one parent's outer wrap to another's.
 */
final class DuplicationCommands {
    private DuplicationCommands() {
    }

    static void duplicate(Command c) {
        TpmReader r = c.in();
        byte[] keyIn = r.tpm2b(32);
        r.param(2);
        SymDef inner = PublicCodec.readSymDef(r);
        c.endParameters();
        LoadedObject object = ObjectSupport.object(c, 0);
        PublicArea pub = object.publicArea();
        if (pub.has(ObjectAttributes.FIXED_PARENT) || object.sensitive() == null) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        boolean toNull = c.handle(1) == TpmRh.NULL.value();
        if (pub.has(ObjectAttributes.ENCRYPTED_DUPLICATION) && (toNull || inner.isNull())) {
            throw new TpmRcException(inner.isNull() ? TpmRc.SYMMETRIC.param(2) : TpmRc.HIERARCHY.handle(2));
        }
        if (!inner.isNull() && inner.mode() != null && inner.mode() != SymCipher.CFB) {
            throw new TpmRcException(TpmRc.MODE.param(2));
        }
        byte[] blob = ProtectedStorage.sized(PublicCodec.encodeSensitive(object.sensitive()));
        byte[] keyOut = new byte[0];
        if (!inner.isNull()) {
            byte[] key = keyIn;
            if (key.length == 0) {
                key = ObjectSupport.random(c.tpm()).bytes(inner.keyBits() / 8);
                keyOut = key;
            } else if (key.length * 8 != inner.keyBits()) {
                throw new TpmRcException(TpmRc.SIZE.param(1));
            }
            MessageDigest md = pub.nameAlg().newDigest();
            md.update(blob);
            byte[] integrity = md.digest(object.name());
            TpmWriter w = new TpmWriter(blob.length + integrity.length + 2);
            w.tpm2b(integrity).bytes(blob);
            blob = SymCipher.cfbZeroIv(true, key, w.toByteArray());
        } else if (keyIn.length != 0) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        byte[] seedOut = new byte[0];
        if (!toNull) {
            LoadedObject parent = storageParent(c, 1);
            PublicArea pp = parent.publicArea();
            byte[][] seed = CredentialCommands.makeSeed(c, parent, "DUPLICATE");
            blob = ProtectedStorage.wrap(pp.nameAlg(), seed[0], pp.symmetric(), object.name(), blob);
            seedOut = seed[1];
        }
        c.out().tpm2b(keyOut).tpm2b(blob).tpm2b(seedOut);
    }

    /**
     * TPM2_Rewrap: the outer wrap keyed by the seed shared with oldParent (none when oldParent is
     * TPM_RH_NULL) removed and one keyed by a fresh seed for newParent (none for TPM_RH_NULL)
     * applied; the inner wrap and the sensitive area are untouched. The seed is present exactly
     * when oldParent is a key, else TPM_RC_HANDLE for oldParent.
     */
    static void rewrap(Command c) {
        TpmReader r = c.in();
        byte[] inDuplicate = r.tpm2b(ObjectCommands.MAX_PRIVATE);
        r.param(2);
        byte[] name = r.tpm2b(2 + HashAlgorithm.MAX_DIGEST);
        r.param(3);
        byte[] inSymSeed = r.tpm2b(CredentialCommands.MAX_SECRET);
        c.endParameters();
        boolean fromNull = c.handle(0) == TpmRh.NULL.value();
        if (fromNull != (inSymSeed.length == 0)) {
            throw new TpmRcException(TpmRc.HANDLE.handle(1));
        }
        byte[] blob = inDuplicate;
        if (!fromNull) {
            LoadedObject oldParent = storageParent(c, 0);
            PublicArea op = oldParent.publicArea();
            byte[] seed;
            try {
                seed = CredentialCommands.recoverSeed(oldParent, inSymSeed, "DUPLICATE", 3);
            } catch (TpmRcException e) {
                throw new TpmRcException(TpmRc.VALUE.param(3));
            }
            blob = ProtectedStorage.unwrap(op.nameAlg(), seed, op.symmetric(), name, inDuplicate, 1);
        }
        byte[] seedOut = new byte[0];
        if (c.handle(1) != TpmRh.NULL.value()) {
            LoadedObject newParent = storageParent(c, 1);
            PublicArea np = newParent.publicArea();
            if (blob.length + 2 + np.nameAlg().digestSize() > ObjectCommands.MAX_PRIVATE) {
                throw new TpmRcException(TpmRc.SIZE.param(1));
            }
            byte[][] seed = CredentialCommands.makeSeed(c, newParent, "DUPLICATE");
            blob = ProtectedStorage.wrap(np.nameAlg(), seed[0], np.symmetric(), name, blob);
            seedOut = seed[1];
        }
        c.out().tpm2b(blob).tpm2b(seedOut);
    }

    /** An RSA or ECC storage parent at handle index {@code i}, else TPM_RC_TYPE for that handle. */
    private static LoadedObject storageParent(Command c, int i) {
        LoadedObject parent = ObjectSupport.object(c, i);
        PublicArea pp = parent.publicArea();
        if ((pp.type() != ObjectType.RSA && pp.type() != ObjectType.ECC) || !pp.isStorageParent()) {
            throw new TpmRcException(TpmRc.TYPE.handle(i + 1));
        }
        return parent;
    }
}
