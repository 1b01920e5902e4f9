package io.jvtpm.kvm.exit;

/** An exit_reason (linux/kvm.h KVM_EXIT_*) this bridge does not decode. */
public record UnknownExit(int reason) implements VmExit {
}
