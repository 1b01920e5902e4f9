package io.jvtpm.examples.boot.vm;

import io.jvtpm.kvm.vcpu.CpuidEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPUID a vCPU sees (Intel SDM vol. 2A CPUID; AMD APM vol. 3 appendix E), made from what
 * KVM_GET_SUPPORTED_CPUID offers: leaf 1 gets the vCPU's initial APIC ID, the logical processor
 * count, HTT when there are several, and the hypervisor-present bit (ECX bit 31); the topology
 * leaves 0xB and 0x1F describe one thread per core and {@code cpus} cores in one package; leaf 4
 * and AMD's leaf 0x80000008 agree with that. KVM leaves leaf 1's TSC-deadline bit (ECX bit 24) to
 * userspace; {@link #withTscDeadline} sets it where KVM_CAP_TSC_DEADLINE_TIMER says the local APIC
 * emulates that mode.
 */
public final class GuestCpuid {

    public static final int LEAF_FEATURES = 0x1;
    public static final int LEAF_CACHE = 0x4;
    public static final int LEAF_TOPOLOGY = 0xB;
    public static final int LEAF_TOPOLOGY_V2 = 0x1F;
    public static final int LEAF_AMD_SIZES = 0x80000008;
    public static final int ECX_HYPERVISOR = 1 << 31;
    public static final int EDX_HTT = 1 << 28;
    public static final int ECX_TSC_DEADLINE = 1 << 24;
    public static final int LEAF_STRUCTURED_FEATURES = 0x7;
    public static final int ECX_LA57 = 1 << 16;
    public static final int LEVEL_SMT = 1;
    public static final int LEVEL_CORE = 2;

    private GuestCpuid() {
    }

    /** The entries for vCPU {@code apicId} of {@code cpus}. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int apicId, int cpus) {
        int coreBits = 32 - Integer.numberOfLeadingZeros(Math.max(cpus - 1, 0));
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) {
            out.add(switch (e.function()) {
                case LEAF_FEATURES -> new CpuidEntry(e.function(), e.index(), e.flags(), e.eax(),
                        (e.ebx() & 0x0000FFFF) | (Math.min(cpus, 255) << 16) | (apicId << 24),
                        e.ecx() | ECX_HYPERVISOR,
                        cpus > 1 ? e.edx() | EDX_HTT : e.edx() & ~EDX_HTT);
                case LEAF_CACHE -> new CpuidEntry(e.function(), e.index(), e.flags(),
                        (e.eax() & 0x03FFFFFF) | (e.eax() == 0 ? 0 : ((1 << coreBits) - 1) << 26 & 0xFC000000),
                        e.ebx(), e.ecx(), e.edx());
                case LEAF_TOPOLOGY, LEAF_TOPOLOGY_V2 -> topology(e, apicId, cpus, coreBits);
                case LEAF_AMD_SIZES -> new CpuidEntry(e.function(), e.index(), e.flags(), e.eax(), e.ebx(),
                        (e.ecx() & ~0xF0FF) | (coreBits << 12) | (cpus - 1), e.edx());
                default -> e;
            });
        }
        return out;
    }

    /**
     * {@code supported} with leaf 1 offering the local APIC timer's TSC-deadline mode, which spares
     * the guest its APIC timer calibration and lets it arm a timer with one MSR write.
     */
    public static List<CpuidEntry> withTscDeadline(List<CpuidEntry> supported) {
        return supported.stream()
                .map(e -> e.function() == LEAF_FEATURES
                        ? new CpuidEntry(e.function(), e.index(), e.flags(), e.eax(), e.ebx(), e.ecx() | ECX_TSC_DEADLINE, e.edx())
                        : e)
                .toList();
    }

    /** Whether {@code cpuid} offers 5-level paging (leaf 7 subleaf 0, ECX bit 16, LA57). */
    public static boolean offersLa57(List<CpuidEntry> cpuid) {
        return cpuid.stream().anyMatch(e -> e.function() == LEAF_STRUCTURED_FEATURES && e.index() == 0
                && (e.ecx() & ECX_LA57) != 0);
    }

    private static CpuidEntry topology(CpuidEntry e, int apicId, int cpus, int coreBits) {
        return switch (e.index()) {
            case 0 -> new CpuidEntry(e.function(), 0, e.flags(), 0, 1, LEVEL_SMT << 8, apicId);
            case 1 -> new CpuidEntry(e.function(), 1, e.flags(), coreBits, cpus, (LEVEL_CORE << 8) | 1, apicId);
            default -> new CpuidEntry(e.function(), e.index(), e.flags(), 0, 0, e.index() & 0xFF, apicId);
        };
    }
}
