package io.jvtpm.acpi.aml;

/**
 * An integer constant in its shortest encoding (ACPI 6.5 section 20.2.3): ZeroOp for 0, OneOp for
 * 1, OnesOp for all 64 bits set, else BytePrefix, WordPrefix, DWordPrefix or QWordPrefix by the
 * unsigned magnitude of {@code value}.
 */
public record AmlInteger(long value) implements DataObject {

    /** Zero (ZeroOp). */
    public static final AmlInteger ZERO = new AmlInteger(0);
    /** One (OneOp). */
    public static final AmlInteger ONE = new AmlInteger(1);
    /** Ones (OnesOp): all bits set. */
    public static final AmlInteger ONES = new AmlInteger(-1L);

    @Override
    public void encode(AmlSink out) {
        if (value == 0) {
            AmlOpcode.ZERO.encode(out);
        } else if (value == 1) {
            AmlOpcode.ONE.encode(out);
        } else if (value == -1L) {
            AmlOpcode.ONES.encode(out);
        } else if (Long.compareUnsigned(value, 0xFFL) <= 0) {
            AmlOpcode.BYTE_PREFIX.encode(out);
            out.u8((int) value);
        } else if (Long.compareUnsigned(value, 0xFFFFL) <= 0) {
            AmlOpcode.WORD_PREFIX.encode(out);
            out.u16((int) value);
        } else if (Long.compareUnsigned(value, 0xFFFF_FFFFL) <= 0) {
            AmlOpcode.DWORD_PREFIX.encode(out);
            out.u32(value);
        } else {
            AmlOpcode.QWORD_PREFIX.encode(out);
            out.u64(value);
        }
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(value).toUpperCase();
    }
}
