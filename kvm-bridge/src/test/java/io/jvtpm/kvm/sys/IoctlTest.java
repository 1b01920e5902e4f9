package io.jvtpm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request numbers against values printed by the kernel headers' own macros (x86-64, Linux 6.1). */
class IoctlTest {
    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(KvmIoctl.GET_API_VERSION, 0xAE00L),
                Arguments.of(KvmIoctl.CREATE_VM, 0xAE01L),
                Arguments.of(KvmIoctl.GET_MSR_INDEX_LIST, 0xC004AE02L),
                Arguments.of(KvmIoctl.CHECK_EXTENSION, 0xAE03L),
                Arguments.of(KvmIoctl.GET_VCPU_MMAP_SIZE, 0xAE04L),
                Arguments.of(KvmIoctl.GET_SUPPORTED_CPUID, 0xC008AE05L),
                Arguments.of(KvmIoctl.CREATE_VCPU, 0xAE41L),
                Arguments.of(KvmIoctl.SET_USER_MEMORY_REGION, 0x4020AE46L),
                Arguments.of(KvmIoctl.SET_TSS_ADDR, 0xAE47L),
                Arguments.of(KvmIoctl.SET_IDENTITY_MAP_ADDR, 0x4008AE48L),
                Arguments.of(KvmIoctl.CREATE_IRQCHIP, 0xAE60L),
                Arguments.of(KvmIoctl.IRQ_LINE, 0x4008AE61L),
                Arguments.of(KvmIoctl.CREATE_PIT2, 0x4040AE77L),
                Arguments.of(KvmIoctl.RUN, 0xAE80L),
                Arguments.of(KvmIoctl.GET_REGS, 0x8090AE81L),
                Arguments.of(KvmIoctl.SET_REGS, 0x4090AE82L),
                Arguments.of(KvmIoctl.GET_SREGS, 0x8138AE83L),
                Arguments.of(KvmIoctl.SET_SREGS, 0x4138AE84L),
                Arguments.of(KvmIoctl.GET_MSRS, 0xC008AE88L),
                Arguments.of(KvmIoctl.SET_MSRS, 0x4008AE89L),
                Arguments.of(KvmIoctl.GET_FPU, 0x81A0AE8CL),
                Arguments.of(KvmIoctl.SET_FPU, 0x41A0AE8DL),
                Arguments.of(KvmIoctl.SET_CPUID2, 0x4008AE90L),
                Arguments.of(KvmIoctl.GET_VCPU_EVENTS, 0x8040AE9FL),
                Arguments.of(KvmIoctl.SET_VCPU_EVENTS, 0x4040AEA0L),
                Arguments.of(KvmIoctl.SMI, 0xAEB7L));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void derivedNumbersMatchTheHeaders(KvmIoctl ioctl, long expected) {
        assertEquals(expected, ioctl.request(), () -> ioctl + " = 0x" + Long.toHexString(ioctl.request()));
    }

    @Test
    void encodingFields() {
        assertEquals(0x5401L, Ioctl.io('T', 0x01));
        assertEquals(0x80045430L, Ioctl.ior('T', 0x30, 4));
        assertEquals(0x40045431L, Ioctl.iow('T', 0x31, 4));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.ior(0xAE, 1, 1 << 14));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.io(0x1AE, 1));
    }
}
