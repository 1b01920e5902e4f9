package io.jvtpm.kvm.bus;

/** The memory-mapped I/O bus: guest-physical addresses (64-bit) that reach user space as KVM_EXIT_MMIO (linux/kvm.h). */
public final class MmioBus extends AddressBus {
    /** An empty MMIO bus. */
    public MmioBus() {
        super("MMIO", -1L);
    }
}
