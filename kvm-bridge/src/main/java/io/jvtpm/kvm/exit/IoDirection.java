package io.jvtpm.kvm.exit;

/** kvm_run.io.direction: KVM_EXIT_IO_IN (0) or KVM_EXIT_IO_OUT (1) (linux/kvm.h). */
public enum IoDirection {
    /** The guest reads the port (IN/INS). */
    IN,
    /** The guest writes the port (OUT/OUTS). */
    OUT
}
