package io.jvtpm.kvm;

/** KVM_CAP_* extension numbers from linux/kvm.h, for KVM_CHECK_EXTENSION. */
public enum KvmCap {
    /** KVM_CAP_IRQCHIP. */
    IRQCHIP(0),
    /** KVM_CAP_USER_MEMORY. */
    USER_MEMORY(3),
    /** KVM_CAP_SET_TSS_ADDR. */
    SET_TSS_ADDR(4),
    /** KVM_CAP_EXT_CPUID. */
    EXT_CPUID(7),
    /** KVM_CAP_NR_VCPUS (recommended maximum). */
    NR_VCPUS(9),
    /** KVM_CAP_COALESCED_MMIO (answers the ring's page offset in the vCPU mapping). */
    COALESCED_MMIO(15),
    /** KVM_CAP_NR_MEMSLOTS. */
    NR_MEMSLOTS(10),
    /** KVM_CAP_PIT2. */
    PIT2(33),
    /** KVM_CAP_SET_IDENTITY_MAP_ADDR. */
    SET_IDENTITY_MAP_ADDR(37),
    /** KVM_CAP_VCPU_EVENTS. */
    VCPU_EVENTS(41),
    /** KVM_CAP_TSC_DEADLINE_TIMER (the local APIC's TSC-deadline mode, offered in CPUID by userspace). */
    TSC_DEADLINE_TIMER(72),
    /** KVM_CAP_MAX_VCPUS. */
    MAX_VCPUS(66),
    /** KVM_CAP_X86_SMM. */
    X86_SMM(117),
    /** KVM_CAP_MULTI_ADDRESS_SPACE (answers the number of address spaces). */
    MULTI_ADDRESS_SPACE(118),
    /** KVM_CAP_IMMEDIATE_EXIT. */
    IMMEDIATE_EXIT(136);

    private final int number;

    KvmCap(int number) {
        this.number = number;
    }

    /** The extension number. */
    public int number() {
        return number;
    }
}
