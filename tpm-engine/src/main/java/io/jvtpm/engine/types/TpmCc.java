package io.jvtpm.engine.types;

/** TPM_CC command codes of the commands this engine implements (TPM 2.0 Library Part 2, 6.5.2). */
public enum TpmCc {
    EVICT_CONTROL(0x120),
    HIERARCHY_CONTROL(0x121),
    CHANGE_EPS(0x124),
    CHANGE_PPS(0x125),
    CLEAR(0x126),
    CLEAR_CONTROL(0x127),
    CLOCK_SET(0x128),
    HIERARCHY_CHANGE_AUTH(0x129),
    PCR_ALLOCATE(0x12B),
    CLOCK_RATE_ADJUST(0x130),
    CREATE_PRIMARY(0x131),
    PCR_EVENT(0x13C),
    PCR_RESET(0x13D),
    SEQUENCE_COMPLETE(0x13E),
    INCREMENTAL_SELF_TEST(0x142),
    SELF_TEST(0x143),
    STARTUP(0x144),
    SHUTDOWN(0x145),
    STIR_RANDOM(0x146),
    ACTIVATE_CREDENTIAL(0x147),
    CERTIFY(0x148),
    CERTIFY_CREATION(0x14A),
    GET_TIME(0x14C),
    OBJECT_CHANGE_AUTH(0x150),
    CREATE(0x153),
    ECDH_ZGEN(0x154),
    HMAC(0x155),
    IMPORT(0x156),
    LOAD(0x157),
    QUOTE(0x158),
    RSA_DECRYPT(0x159),
    SEQUENCE_UPDATE(0x15C),
    SIGN(0x15D),
    UNSEAL(0x15E),
    CONTEXT_LOAD(0x161),
    CONTEXT_SAVE(0x162),
    ECDH_KEYGEN(0x163),
    ENCRYPT_DECRYPT(0x164),
    FLUSH_CONTEXT(0x165),
    LOAD_EXTERNAL(0x167),
    MAKE_CREDENTIAL(0x168),
    READ_PUBLIC(0x173),
    RSA_ENCRYPT(0x174),
    START_AUTH_SESSION(0x176),
    VERIFY_SIGNATURE(0x177),
    GET_CAPABILITY(0x17A),
    GET_RANDOM(0x17B),
    GET_TEST_RESULT(0x17C),
    HASH(0x17D),
    PCR_READ(0x17E),
    READ_CLOCK(0x181),
    PCR_EXTEND(0x182),
    EVENT_SEQUENCE_COMPLETE(0x185),
    HASH_SEQUENCE_START(0x186),
    TEST_PARMS(0x18A),
    CREATE_LOADED(0x191),
    ENCRYPT_DECRYPT2(0x193);

    /** TPM_CC_FIRST. */
    public static final int FIRST = 0x11F;

    private final int value;

    TpmCc(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }
}
