package io.jvtpm.engine.wire;

/**
 * TPM_RC response codes (TPM 2.0 Library Part 2, 6.6) and the format-1 arithmetic that attaches a
 * handle, session or parameter number to a code.
 */
public enum TpmRc {
    SUCCESS(0x000),
    BAD_TAG(0x01E),
    // format-0, version 1
    INITIALIZE(0x100),
    FAILURE(0x101),
    SEQUENCE(0x103),
    DISABLED(0x120),
    EXCLUSIVE(0x121),
    AUTH_TYPE(0x124),
    AUTH_MISSING(0x125),
    POLICY(0x126),
    PCR(0x127),
    PCR_CHANGED(0x128),
    UPGRADE(0x12D),
    TOO_MANY_CONTEXTS(0x12E),
    AUTH_UNAVAILABLE(0x12F),
    REBOOT(0x130),
    UNBALANCED(0x131),
    COMMAND_SIZE(0x142),
    COMMAND_CODE(0x143),
    AUTHSIZE(0x144),
    AUTH_CONTEXT(0x145),
    NV_RANGE(0x146),
    NV_SIZE(0x147),
    NV_LOCKED(0x148),
    NV_AUTHORIZATION(0x149),
    NV_UNINITIALIZED(0x14A),
    NV_SPACE(0x14B),
    NV_DEFINED(0x14C),
    BAD_CONTEXT(0x150),
    CPHASH(0x151),
    PARENT(0x152),
    NEEDS_TEST(0x153),
    NO_RESULT(0x154),
    SENSITIVE(0x155),
    // format-1
    ASYMMETRIC(0x081),
    ATTRIBUTES(0x082),
    HASH(0x083),
    VALUE(0x084),
    HIERARCHY(0x085),
    KEY_SIZE(0x087),
    MGF(0x088),
    MODE(0x089),
    TYPE(0x08A),
    HANDLE(0x08B),
    KDF(0x08C),
    RANGE(0x08D),
    AUTH_FAIL(0x08E),
    NONCE(0x08F),
    PP(0x090),
    SCHEME(0x092),
    SIZE(0x095),
    SYMMETRIC(0x096),
    TAG(0x097),
    SELECTOR(0x098),
    INSUFFICIENT(0x09A),
    SIGNATURE(0x09B),
    KEY(0x09C),
    POLICY_FAIL(0x09D),
    INTEGRITY(0x09F),
    TICKET(0x0A0),
    RESERVED_BITS(0x0A1),
    BAD_AUTH(0x0A2),
    EXPIRED(0x0A3),
    POLICY_CC(0x0A4),
    BINDING(0x0A5),
    CURVE(0x0A6),
    ECC_POINT(0x0A7),
    // warnings
    CONTEXT_GAP(0x901),
    OBJECT_MEMORY(0x902),
    SESSION_MEMORY(0x903),
    MEMORY(0x904),
    SESSION_HANDLES(0x905),
    OBJECT_HANDLES(0x906),
    LOCALITY(0x907),
    YIELDED(0x908),
    CANCELED(0x909),
    TESTING(0x90A),
    REFERENCE_H0(0x910),
    REFERENCE_S0(0x918),
    NV_RATE(0x920),
    LOCKOUT(0x921),
    RETRY(0x922),
    NV_UNAVAILABLE(0x923);

    /** RC_FMT1: the bit that marks a format-1 code. */
    public static final int FMT1 = 0x080;
    /** TPM_RC_P: the number that follows is a parameter number. */
    public static final int P = 0x040;
    /** TPM_RC_S: the number that follows is a session number. */
    public static final int S = 0x800;

    private final int value;

    TpmRc(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** This format-1 code for parameter {@code n} (1..15): code + TPM_RC_P + TPM_RC_n. */
    public int param(int n) {
        return value + P + (n << 8);
    }

    /** This format-1 code for handle {@code n} (1..7): code + TPM_RC_H + TPM_RC_n. */
    public int handle(int n) {
        return value + (n << 8);
    }

    /** This format-1 code for session {@code n} (1..7): code + TPM_RC_S + TPM_RC_n. */
    public int session(int n) {
        return value + S + (n << 8);
    }

    /** True when {@code rc} is a format-1 code. */
    public static boolean isFormat1(int rc) {
        return (rc & FMT1) != 0;
    }

    /** The code without its handle/session/parameter number. */
    public static int base(int rc) {
        return isFormat1(rc) ? (rc & 0xBF) : rc;
    }
}
