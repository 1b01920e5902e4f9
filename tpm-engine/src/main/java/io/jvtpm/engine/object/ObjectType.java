package io.jvtpm.engine.object;

/** TPMI_ALG_PUBLIC, the object types (TPM 2.0 Library Part 2, 12.2.2). */
public enum ObjectType {
    RSA(0x0001),
    KEYEDHASH(0x0008),
    ECC(0x0023),
    SYMCIPHER(0x0025);

    private final int id;

    ObjectType(int id) {
        this.id = id;
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
