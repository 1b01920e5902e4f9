package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.TpmAlgId;

/** TPMI_ALG_PUBLIC, the object types (TPM 2.0 Library Part 2, 12.2.2). */
public enum ObjectType {
    RSA(TpmAlgId.RSA),
    KEYEDHASH(TpmAlgId.KEYEDHASH),
    ECC(TpmAlgId.ECC),
    SYMCIPHER(TpmAlgId.SYMCIPHER);

    private final int id;

    ObjectType(TpmAlgId alg) {
        this.id = alg.value();
    }

    public int id() {
        return id;
    }

    /** The type with this TPM_ALG_ID, or null. */
    public static ObjectType fromId(int id) {
        for (ObjectType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
