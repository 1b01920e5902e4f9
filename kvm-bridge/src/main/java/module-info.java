/**
 * Linux KVM (/dev/kvm, linux/kvm.h) from Java: VMs, guest memory, vCPU threads, exit decoding,
 * MMIO and port-I/O buses, interrupt lines and SMI. The raw libc binding stays inside.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.jvtpm.kvm {
    // GuestMemory.pointer() answers a JNA Pointer
    requires transitive com.sun.jna;
    requires org.jnrproject.ffi;
    requires org.slf4j;

    exports io.jvtpm.kvm;
    exports io.jvtpm.kvm.bus;
    exports io.jvtpm.kvm.exit;
    exports io.jvtpm.kvm.irq;
    exports io.jvtpm.kvm.mem;
    exports io.jvtpm.kvm.smi;
    exports io.jvtpm.kvm.vcpu;
    exports io.jvtpm.kvm.vm;

    // jnr-ffi defines RunIoctl.JnrLibC's implementation in a class loader of its own (an unnamed
    // module), which must reach the interface at run time; at compile time the package stays closed
    opens io.jvtpm.kvm.sys;
}
