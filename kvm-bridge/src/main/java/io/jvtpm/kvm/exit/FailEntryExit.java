package io.jvtpm.kvm.exit;

/** KVM_EXIT_FAIL_ENTRY (linux/kvm.h): the hardware refused to enter the guest (kvm_run.fail_entry). */
public record FailEntryExit(long hardwareEntryFailureReason, int cpu) implements VmExit {
}
