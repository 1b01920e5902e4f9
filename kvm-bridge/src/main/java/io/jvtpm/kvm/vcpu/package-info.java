/** vCPUs (linux/kvm.h vCPU ioctls): register state records, the run loop thread, exit dispatch to the buses and exit policies. */
package io.jvtpm.kvm.vcpu;
