package io.jvtpm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vm.Vm;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/** Vm and Vcpu are made only by KVM_CREATE_VM / KVM_CREATE_VCPU, through {@link FdWrappers}. */
class FdWrappersTest {

    @Test
    void vmAndVcpuHaveNoPublicConstructor() {
        assertArrayEquals(new Constructor<?>[0], Vm.class.getConstructors());
        assertArrayEquals(new Constructor<?>[0], Vcpu.class.getConstructors());
    }

    @Test
    void newVmReachesTheConstructorWithoutTouchingTheDescriptor() {
        // the constructor only records the descriptor: no ioctl, so any number will do (never closed)
        Vm vm = FdWrappers.newVm(new Fd(Integer.MAX_VALUE, "no VM"), 3 * 4096, 2, 0);
        assertEquals(2, vm.addressSpaces());
        assertEquals(1, FdWrappers.newVm(new Fd(Integer.MAX_VALUE, "no VM"), 3 * 4096, 0, 0).addressSpaces());
    }
}
