package io.jvtpm.kvm.vcpu;

/** struct kvm_cpuid_entry2 (linux/kvm.h): one CPUID leaf/subleaf as KVM reports or the guest sees it. */
public record CpuidEntry(int function, int index, int flags, int eax, int ebx, int ecx, int edx) {
    /** KVM_CPUID_FLAG_SIGNIFCANT_INDEX: the leaf depends on ECX. */
    public static final int FLAG_SIGNIFICANT_INDEX = 1;
}
