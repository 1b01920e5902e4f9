package io.jvtpm.kvm.vcpu;

/** struct kvm_msr_entry (linux/kvm.h): a model-specific register and its value. */
public record MsrEntry(int index, long data) {
}
