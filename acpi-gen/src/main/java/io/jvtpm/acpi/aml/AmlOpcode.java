package io.jvtpm.acpi.aml;

/**
 * AML opcodes (ACPI 6.5 section 20.3, "AML Byte Stream Byte Values"). Extended opcodes carry the
 * ExtOpPrefix 0x5B before their second byte.
 */
public enum AmlOpcode {
    ZERO(0x00),
    ONE(0x01),
    ALIAS(0x06),
    NAME(0x08),
    BYTE_PREFIX(0x0A),
    WORD_PREFIX(0x0B),
    DWORD_PREFIX(0x0C),
    STRING_PREFIX(0x0D),
    QWORD_PREFIX(0x0E),
    SCOPE(0x10),
    BUFFER(0x11),
    PACKAGE(0x12),
    VAR_PACKAGE(0x13),
    METHOD(0x14),
    EXTERNAL(0x15),
    DUAL_NAME_PREFIX(0x2E),
    MULTI_NAME_PREFIX(0x2F),
    MUTEX(0x5B, 0x01),
    EVENT(0x5B, 0x02),
    COND_REF_OF(0x5B, 0x12),
    CREATE_FIELD(0x5B, 0x13),
    STALL(0x5B, 0x21),
    SLEEP(0x5B, 0x22),
    ACQUIRE(0x5B, 0x23),
    SIGNAL(0x5B, 0x24),
    WAIT(0x5B, 0x25),
    RESET(0x5B, 0x26),
    RELEASE(0x5B, 0x27),
    FROM_BCD(0x5B, 0x28),
    TO_BCD(0x5B, 0x29),
    REVISION(0x5B, 0x30),
    DEBUG(0x5B, 0x31),
    FATAL(0x5B, 0x32),
    TIMER(0x5B, 0x33),
    OP_REGION(0x5B, 0x80),
    FIELD(0x5B, 0x81),
    DEVICE(0x5B, 0x82),
    POWER_RES(0x5B, 0x84),
    THERMAL_ZONE(0x5B, 0x85),
    INDEX_FIELD(0x5B, 0x86),
    BANK_FIELD(0x5B, 0x87),
    ROOT_CHAR(0x5C),
    PARENT_PREFIX_CHAR(0x5E),
    LOCAL0(0x60),
    ARG0(0x68),
    STORE(0x70),
    REF_OF(0x71),
    ADD(0x72),
    CONCAT(0x73),
    SUBTRACT(0x74),
    INCREMENT(0x75),
    DECREMENT(0x76),
    MULTIPLY(0x77),
    DIVIDE(0x78),
    SHIFT_LEFT(0x79),
    SHIFT_RIGHT(0x7A),
    AND(0x7B),
    NAND(0x7C),
    OR(0x7D),
    NOR(0x7E),
    XOR(0x7F),
    NOT(0x80),
    FIND_SET_LEFT_BIT(0x81),
    FIND_SET_RIGHT_BIT(0x82),
    DEREF_OF(0x83),
    CONCAT_RES(0x84),
    MOD(0x85),
    NOTIFY(0x86),
    SIZE_OF(0x87),
    INDEX(0x88),
    MATCH(0x89),
    CREATE_DWORD_FIELD(0x8A),
    CREATE_WORD_FIELD(0x8B),
    CREATE_BYTE_FIELD(0x8C),
    CREATE_BIT_FIELD(0x8D),
    OBJECT_TYPE(0x8E),
    CREATE_QWORD_FIELD(0x8F),
    LAND(0x90),
    LOR(0x91),
    LNOT(0x92),
    LEQUAL(0x93),
    LGREATER(0x94),
    LLESS(0x95),
    TO_BUFFER(0x96),
    TO_DECIMAL_STRING(0x97),
    TO_HEX_STRING(0x98),
    TO_INTEGER(0x99),
    TO_STRING(0x9C),
    COPY_OBJECT(0x9D),
    MID(0x9E),
    CONTINUE(0x9F),
    IF(0xA0),
    ELSE(0xA1),
    WHILE(0xA2),
    NOOP(0xA3),
    RETURN(0xA4),
    BREAK(0xA5),
    BREAK_POINT(0xCC),
    ONES(0xFF);

    /** The extended-opcode prefix byte. */
    public static final int EXT_OP_PREFIX = 0x5B;

    private final int first;
    private final int second;

    AmlOpcode(int single) {
        this.first = single;
        this.second = -1;
    }

    AmlOpcode(int prefix, int second) {
        this.first = prefix;
        this.second = second;
    }

    /** True for the two-byte opcodes that start with ExtOpPrefix. */
    public boolean extended() {
        return second >= 0;
    }

    /** The opcode's byte (the second byte for an extended opcode). */
    public int code() {
        return extended() ? second : first;
    }

    /** Writes the opcode's one or two bytes. */
    public void encode(AmlSink out) {
        out.u8(first);
        if (extended()) {
            out.u8(second);
        }
    }
}
