/** Linux KVM (/dev/kvm, linux/kvm.h) from Java through JNA: VMs, memory, vCPUs, exits, buses. */
package io.jvtpm.kvm;
