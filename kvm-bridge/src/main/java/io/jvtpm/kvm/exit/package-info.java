/** kvm_run decoding (linux/kvm.h struct kvm_run): KVM_EXIT_* reasons as a sealed interface of records. */
package io.jvtpm.kvm.exit;
