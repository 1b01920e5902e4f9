package io.jvtpm.kvm.exit;

/** KVM_EXIT_SHUTDOWN (linux/kvm.h): the vCPU hit a shutdown condition, typically a triple fault. */
public record ShutdownExit() implements VmExit {
}
