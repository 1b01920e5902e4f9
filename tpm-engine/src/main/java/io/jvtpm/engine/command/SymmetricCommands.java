package io.jvtpm.engine.command;

import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.object.SymDef;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;

/**
 * Symmetric encryption with a SYMCIPHER key (TPM 2.0 Library Part 3, 15.2 EncryptDecrypt and 15.3
 * EncryptDecrypt2): decryption needs the key's decrypt attribute, encryption its sign attribute,
 * restricted keys are refused; the mode is the key's or, when it has none, the command's.
 */
final class SymmetricCommands {
    private SymmetricCommands() {
    }

    static void encryptDecrypt(Command c) {
        TpmReader r = c.in();
        boolean decrypt = Structures.readYesNo(r);
        r.param(2);
        int mode = r.u16();
        r.param(3);
        byte[] iv = r.tpm2b(SymCipher.BLOCK);
        r.param(4);
        byte[] data = r.tpm2b(Structures.MAX_BUFFER);
        c.endParameters();
        run(c, decrypt, mode, iv, data, 2, 3, 4);
    }

    static void encryptDecrypt2(Command c) {
        TpmReader r = c.in();
        byte[] data = r.tpm2b(Structures.MAX_BUFFER);
        r.param(2);
        boolean decrypt = Structures.readYesNo(r);
        r.param(3);
        int mode = r.u16();
        r.param(4);
        byte[] iv = r.tpm2b(SymCipher.BLOCK);
        c.endParameters();
        run(c, decrypt, mode, iv, data, 3, 4, 1);
    }

    private static void run(Command c, boolean decrypt, int modeId, byte[] iv, byte[] data, int modeParam,
            int ivParam, int dataParam) {
        LoadedObject key = ObjectSupport.object(c, 0);
        if (key.publicArea().type() != ObjectType.SYMCIPHER || key.sensitive() == null) {
            throw new TpmRcException(TpmRc.KEY.handle(1));
        }
        if (key.has(ObjectAttributes.RESTRICTED)
                || !key.has(decrypt ? ObjectAttributes.DECRYPT : ObjectAttributes.SIGN)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        SymDef def = key.publicArea().symmetric();
        if (def.mode() != null && !def.mode().isCipher()) {
            throw new TpmRcException(TpmRc.MODE.handle(1));
        }
        SymCipher mode;
        if (def.mode() != null) {
            if (modeId != TpmAlgId.NULL.value() && modeId != def.mode().id()) {
                throw new TpmRcException(TpmRc.MODE.param(modeParam));
            }
            mode = def.mode();
        } else {
            mode = SymCipher.fromId(modeId);
            if (mode == null || !mode.isCipher()) {
                throw new TpmRcException(TpmRc.MODE.param(modeParam));
            }
        }
        if (iv.length != (mode == SymCipher.ECB ? 0 : SymCipher.BLOCK)) {
            throw new TpmRcException(TpmRc.SIZE.param(ivParam));
        }
        if (mode.wholeBlocks() && data.length % SymCipher.BLOCK != 0) {
            throw new TpmRcException(TpmRc.SIZE.param(dataParam));
        }
        byte[] k = key.sensitive().sensitive();
        byte[] ivIn = iv.length == SymCipher.BLOCK ? iv : new byte[SymCipher.BLOCK];
        byte[] out = mode.apply(!decrypt, k, ivIn, data);
        byte[] next = mode == SymCipher.ECB ? iv : mode.nextIv(!decrypt, k, ivIn, data, out);
        c.out().tpm2b(out).tpm2b(next);
    }
}
