package io.jvtpm.kvm.exit;

/** KVM_EXIT_HLT (linux/kvm.h): the guest executed HLT (only reported without an in-kernel LAPIC). */
public record HaltExit() implements VmExit {
}
