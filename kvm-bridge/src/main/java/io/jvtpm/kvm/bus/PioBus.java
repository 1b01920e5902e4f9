package io.jvtpm.kvm.bus;

/** The x86 port-I/O bus: ports 0x0000..0xFFFF that reach user space as KVM_EXIT_IO (linux/kvm.h). */
public final class PioBus extends AddressBus {
    /** The last I/O port. */
    public static final int LAST_PORT = 0xFFFF;

    /** An empty port-I/O bus. */
    public PioBus() {
        super("PIO", LAST_PORT);
    }
}
