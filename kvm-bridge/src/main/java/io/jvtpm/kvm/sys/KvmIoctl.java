package io.jvtpm.kvm.sys;

import static io.jvtpm.kvm.sys.KvmLayout.COALESCED_MMIO_ZONE_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.CPUID2_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.IRQ_LEVEL_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.MSRS_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.MSR_LIST_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.PIT_CONFIG_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.REGS_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.SREGS_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.TRANSLATION_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.USERSPACE_MEMORY_REGION_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.VCPU_EVENTS_SIZE;

/**
 * The KVM ioctls this bridge uses, each derived from its linux/kvm.h definition (KVMIO = 0xAE).
 */
public enum KvmIoctl {
    /** _IO(KVMIO, 0x00). */
    GET_API_VERSION(Ioctl.io(KvmIoctl.KVMIO, 0x00)),
    /** _IO(KVMIO, 0x01). */
    CREATE_VM(Ioctl.io(KvmIoctl.KVMIO, 0x01)),
    /** _IOWR(KVMIO, 0x02, struct kvm_msr_list). */
    GET_MSR_INDEX_LIST(Ioctl.iowr(KvmIoctl.KVMIO, 0x02, MSR_LIST_SIZE)),
    /** _IO(KVMIO, 0x03). */
    CHECK_EXTENSION(Ioctl.io(KvmIoctl.KVMIO, 0x03)),
    /** _IO(KVMIO, 0x04). */
    GET_VCPU_MMAP_SIZE(Ioctl.io(KvmIoctl.KVMIO, 0x04)),
    /** _IOWR(KVMIO, 0x05, struct kvm_cpuid2). */
    GET_SUPPORTED_CPUID(Ioctl.iowr(KvmIoctl.KVMIO, 0x05, CPUID2_SIZE)),
    /** _IO(KVMIO, 0x41). */
    CREATE_VCPU(Ioctl.io(KvmIoctl.KVMIO, 0x41)),
    /** _IOW(KVMIO, 0x46, struct kvm_userspace_memory_region). */
    SET_USER_MEMORY_REGION(Ioctl.iow(KvmIoctl.KVMIO, 0x46, USERSPACE_MEMORY_REGION_SIZE)),
    /** _IO(KVMIO, 0x47). */
    SET_TSS_ADDR(Ioctl.io(KvmIoctl.KVMIO, 0x47)),
    /** _IOW(KVMIO, 0x48, __u64). */
    SET_IDENTITY_MAP_ADDR(Ioctl.iow(KvmIoctl.KVMIO, 0x48, Long.BYTES)),
    /** _IO(KVMIO, 0x60). */
    CREATE_IRQCHIP(Ioctl.io(KvmIoctl.KVMIO, 0x60)),
    /** _IOW(KVMIO, 0x61, struct kvm_irq_level). */
    IRQ_LINE(Ioctl.iow(KvmIoctl.KVMIO, 0x61, IRQ_LEVEL_SIZE)),
    /** _IOW(KVMIO, 0x67, struct kvm_coalesced_mmio_zone). */
    REGISTER_COALESCED_MMIO(Ioctl.iow(KvmIoctl.KVMIO, 0x67, COALESCED_MMIO_ZONE_SIZE)),
    /** _IOW(KVMIO, 0x77, struct kvm_pit_config). */
    CREATE_PIT2(Ioctl.iow(KvmIoctl.KVMIO, 0x77, PIT_CONFIG_SIZE)),
    /** _IO(KVMIO, 0x80). */
    RUN(Ioctl.io(KvmIoctl.KVMIO, 0x80)),
    /** _IOR(KVMIO, 0x81, struct kvm_regs). */
    GET_REGS(Ioctl.ior(KvmIoctl.KVMIO, 0x81, REGS_SIZE)),
    /** _IOW(KVMIO, 0x82, struct kvm_regs). */
    SET_REGS(Ioctl.iow(KvmIoctl.KVMIO, 0x82, REGS_SIZE)),
    /** _IOR(KVMIO, 0x83, struct kvm_sregs). */
    GET_SREGS(Ioctl.ior(KvmIoctl.KVMIO, 0x83, SREGS_SIZE)),
    /** _IOW(KVMIO, 0x84, struct kvm_sregs). */
    SET_SREGS(Ioctl.iow(KvmIoctl.KVMIO, 0x84, SREGS_SIZE)),
    /** _IOWR(KVMIO, 0x85, struct kvm_translation). */
    TRANSLATE(Ioctl.iowr(KvmIoctl.KVMIO, 0x85, TRANSLATION_SIZE)),
    /** _IOWR(KVMIO, 0x88, struct kvm_msrs). */
    GET_MSRS(Ioctl.iowr(KvmIoctl.KVMIO, 0x88, MSRS_SIZE)),
    /** _IOW(KVMIO, 0x89, struct kvm_msrs). */
    SET_MSRS(Ioctl.iow(KvmIoctl.KVMIO, 0x89, MSRS_SIZE)),
    /** _IOR(KVMIO, 0x8c, struct kvm_fpu). */
    GET_FPU(Ioctl.ior(KvmIoctl.KVMIO, 0x8c, FPU_SIZE)),
    /** _IOW(KVMIO, 0x8d, struct kvm_fpu). */
    SET_FPU(Ioctl.iow(KvmIoctl.KVMIO, 0x8d, FPU_SIZE)),
    /** _IOW(KVMIO, 0x90, struct kvm_cpuid2). */
    SET_CPUID2(Ioctl.iow(KvmIoctl.KVMIO, 0x90, CPUID2_SIZE)),
    /** _IOR(KVMIO, 0x9f, struct kvm_vcpu_events). */
    GET_VCPU_EVENTS(Ioctl.ior(KvmIoctl.KVMIO, 0x9f, VCPU_EVENTS_SIZE)),
    /** _IOW(KVMIO, 0xa0, struct kvm_vcpu_events). */
    SET_VCPU_EVENTS(Ioctl.iow(KvmIoctl.KVMIO, 0xa0, VCPU_EVENTS_SIZE)),
    /** _IO(KVMIO, 0xb7). */
    SMI(Ioctl.io(KvmIoctl.KVMIO, 0xb7));

    /** The KVM ioctl type byte. */
    public static final int KVMIO = 0xAE;

    private final long request;

    KvmIoctl(long request) {
        this.request = request;
    }

    /** The request number passed to ioctl(2). */
    public long request() {
        return request;
    }
}
