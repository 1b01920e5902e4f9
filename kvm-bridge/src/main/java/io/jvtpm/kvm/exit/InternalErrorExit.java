package io.jvtpm.kvm.exit;

import java.util.List;

/**
 * KVM_EXIT_INTERNAL_ERROR (linux/kvm.h, kvm_run.internal): KVM could not handle something, e.g. an
 * instruction it could not emulate (suberror 1).
 */
public record InternalErrorExit(int suberror, List<Long> data) implements VmExit {
    /** KVM_INTERNAL_ERROR_EMULATION. */
    public static final int EMULATION = 1;

    /** Copies the data list. */
    public InternalErrorExit {
        data = List.copyOf(data);
    }
}
