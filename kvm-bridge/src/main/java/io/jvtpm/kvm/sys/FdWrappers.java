package io.jvtpm.kvm.sys;

import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vm.Vm;
import java.lang.invoke.MethodHandles;

/**
 * The constructors of {@link Vm} and {@link Vcpu}, which wrap a descriptor from KVM_CREATE_VM or
 * KVM_CREATE_VCPU and so are not public: each class hands its own here when it is initialised, and
 * {@code Kvm.createVm} and {@code Vm.createVcpu}, in other packages of this module, call them here.
 */
public final class FdWrappers {
    /** {@link Vm}'s constructor. */
    @FunctionalInterface
    public interface VmConstructor {
        /** A VM around {@code vmFd}; see {@link FdWrappers#newVm}. */
        Vm wrap(Fd vmFd, int vcpuMmapSize, int addressSpaces, int coalescedRingPage);
    }

    /** {@link Vcpu}'s constructor. */
    @FunctionalInterface
    public interface VcpuConstructor {
        /** A vCPU around {@code vcpuFd}; see {@link FdWrappers#newVcpu}. */
        Vcpu wrap(int id, Fd vcpuFd, int mmapSize);
    }

    private static volatile VmConstructor vm;
    private static volatile VcpuConstructor vcpu;

    private FdWrappers() {
    }

    /** Called once, from {@link Vm}'s static initialiser. */
    public static void register(VmConstructor constructor) {
        vm = constructor;
    }

    /** Called once, from {@link Vcpu}'s static initialiser. */
    public static void register(VcpuConstructor constructor) {
        vcpu = constructor;
    }

    /**
     * A VM around {@code vmFd}; {@code addressSpaces} is KVM_CAP_MULTI_ADDRESS_SPACE (1 when absent),
     * {@code coalescedRingPage} KVM_CAP_COALESCED_MMIO's answer (0 = not available).
     */
    public static Vm newVm(Fd vmFd, int vcpuMmapSize, int addressSpaces, int coalescedRingPage) {
        initialise(Vm.class);
        return vm.wrap(vmFd, vcpuMmapSize, addressSpaces, coalescedRingPage);
    }

    /** A vCPU around {@code vcpuFd}, mapping its kvm_run area of {@code mmapSize} bytes (KVM_GET_VCPU_MMAP_SIZE). */
    public static Vcpu newVcpu(int id, Fd vcpuFd, int mmapSize) {
        initialise(Vcpu.class);
        return vcpu.wrap(id, vcpuFd, mmapSize);
    }

    // runs the class's static initialiser (which registers its constructor) if nothing has used the class yet
    private static void initialise(Class<?> c) {
        try {
            MethodHandles.lookup().ensureInitialized(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot initialise " + c.getName(), e);
        }
    }
}
