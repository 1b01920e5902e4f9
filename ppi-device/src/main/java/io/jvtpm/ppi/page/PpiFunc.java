package io.jvtpm.ppi.page;

/**
 * One {@code func[]} byte of QEMU's PPI page (QEMU include/hw/acpi/tpm.h, TPM_PPI_FUNC_*): bits 0-2
 * hold the operation's status as TCG PPI 1.3 function 8 reports it, bits 3-4 the platform action
 * that makes it run.
 */
public record PpiFunc(PpiFuncStatus status, PpiAction action) {

    /** Mask of the status bits. */
    public static final int STATUS_MASK = 0x07;
    /** Mask of the action bits. */
    public static final int ACTION_MASK = 0x18;

    /** A not-implemented operation (all bits zero). */
    public static final PpiFunc NOT_IMPLEMENTED = new PpiFunc(PpiFuncStatus.NOT_IMPLEMENTED, PpiAction.NONE);

    /** The byte stored in the page. */
    public int encode() {
        return status.code() | action.bits();
    }

    /** The flags a stored byte holds; unknown status or action values read as not implemented. */
    public static PpiFunc decode(int value) {
        PpiFuncStatus s = PpiFuncStatus.ofCode(value & STATUS_MASK);
        PpiAction a = PpiAction.ofBits(value & ACTION_MASK);
        if (s == null || a == null) {
            return NOT_IMPLEMENTED;
        }
        return new PpiFunc(s, a);
    }
}
