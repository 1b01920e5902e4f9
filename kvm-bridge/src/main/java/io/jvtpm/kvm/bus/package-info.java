/** MMIO and port-I/O buses for KVM_EXIT_MMIO / KVM_EXIT_IO (linux/kvm.h): non-overlapping regions, O(log n) lookup, functional handlers. */
package io.jvtpm.kvm.bus;
