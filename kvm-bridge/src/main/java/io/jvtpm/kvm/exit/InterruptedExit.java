package io.jvtpm.kvm.exit;

/** KVM_EXIT_INTR (linux/kvm.h), or KVM_RUN failing with EINTR/EAGAIN: a signal or immediate_exit stopped the run. */
public record InterruptedExit() implements VmExit {
}
