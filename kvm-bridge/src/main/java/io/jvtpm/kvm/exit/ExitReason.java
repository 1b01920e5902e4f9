package io.jvtpm.kvm.exit;

/** KVM_EXIT_* values of kvm_run.exit_reason (linux/kvm.h) the bridge decodes. */
public enum ExitReason {
    /** KVM_EXIT_UNKNOWN. */
    UNKNOWN(0),
    /** KVM_EXIT_IO. */
    IO(2),
    /** KVM_EXIT_HLT. */
    HLT(5),
    /** KVM_EXIT_MMIO. */
    MMIO(6),
    /** KVM_EXIT_SHUTDOWN. */
    SHUTDOWN(8),
    /** KVM_EXIT_FAIL_ENTRY. */
    FAIL_ENTRY(9),
    /** KVM_EXIT_INTR. */
    INTR(10),
    /** KVM_EXIT_INTERNAL_ERROR. */
    INTERNAL_ERROR(17),
    /** KVM_EXIT_SYSTEM_EVENT. */
    SYSTEM_EVENT(24);

    private final int code;

    ExitReason(int code) {
        this.code = code;
    }

    /** The numeric exit_reason. */
    public int code() {
        return code;
    }
}
