package io.jvtpm.examples.boot.vm;

import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.kvm.vcpu.CpuidEntry;
import io.jvtpm.kvm.vcpu.DescriptorTable;
import io.jvtpm.kvm.vcpu.MsrEntry;
import io.jvtpm.kvm.vcpu.Regs;
import io.jvtpm.kvm.vcpu.Sregs;
import io.jvtpm.kvm.vcpu.Vcpu;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts vCPUs in the state the 64-bit boot protocol enters the kernel with (boot.rst "64-bit Boot
 * Protocol": long mode with paging, CS = __BOOT_CS, DS/ES/SS = __BOOT_DS, interrupts off, RSI =
 * the zero page, RIP = the bzImage's load address + 0x200 or a vmlinux's startup_64), gives each vCPU its CPUID and the MSR values a
 * firmware leaves (fast strings on, MTRRs enabled with write-back default; Intel SDM vol. 4).
 * Application processors stay in KVM's wait-for-SIPI state for the kernel's INIT-SIPI-SIPI.
 */
public final class BootVcpu {

    private static final Logger LOG = LoggerFactory.getLogger(BootVcpu.class);

    public static final int MSR_IA32_TSC = 0x10;
    public static final int MSR_IA32_SYSENTER_CS = 0x174;
    public static final int MSR_IA32_SYSENTER_ESP = 0x175;
    public static final int MSR_IA32_SYSENTER_EIP = 0x176;
    public static final int MSR_IA32_MISC_ENABLE = 0x1A0;
    public static final int MSR_MTRR_DEF_TYPE = 0x2FF;
    public static final int MSR_STAR = 0xC0000081;
    public static final int MSR_LSTAR = 0xC0000082;
    public static final int MSR_CSTAR = 0xC0000083;
    public static final int MSR_SYSCALL_MASK = 0xC0000084;
    public static final int MSR_KERNEL_GS_BASE = 0xC0000102;
    public static final long MISC_ENABLE_FAST_STRING = 1;
    /** MTRRs enabled (bit 11), default type write-back (6). */
    public static final long MTRR_ENABLED_WB = (1L << 11) | 6;

    private BootVcpu() {
    }

    /** CPUID and MSRs for every vCPU. */
    public static void configure(Vcpu vcpu, List<CpuidEntry> supported, int cpus) {
        vcpu.setCpuid(GuestCpuid.forVcpu(supported, vcpu.id(), cpus));
        List<MsrEntry> msrs = List.of(
                new MsrEntry(MSR_IA32_SYSENTER_CS, 0), new MsrEntry(MSR_IA32_SYSENTER_ESP, 0),
                new MsrEntry(MSR_IA32_SYSENTER_EIP, 0), new MsrEntry(MSR_STAR, 0), new MsrEntry(MSR_LSTAR, 0),
                new MsrEntry(MSR_CSTAR, 0), new MsrEntry(MSR_SYSCALL_MASK, 0), new MsrEntry(MSR_KERNEL_GS_BASE, 0),
                new MsrEntry(MSR_IA32_TSC, 0), new MsrEntry(MSR_IA32_MISC_ENABLE, MISC_ENABLE_FAST_STRING),
                new MsrEntry(MSR_MTRR_DEF_TYPE, MTRR_ENABLED_WB));
        int set = vcpu.setMsrs(msrs);
        if (set < msrs.size()) {
            LOG.debug("{}: KVM took {} of {} boot MSRs (stopped at 0x{})", vcpu, set, msrs.size(),
                    Integer.toHexString(msrs.get(set).index()));
        }
    }

    /**
     * The boot processor's registers for the 64-bit entry at guest-physical {@code entry}, with
     * 4-level paging or, when {@code fiveLevel}, 5-level paging (CR4.LA57, CR3 at the PML5).
     */
    public static void enterKernel(Vcpu bsp, long entry, boolean fiveLevel) {
        Sregs s = bsp.getSregs().longMode(fiveLevel ? GuestMemoryLayout.PML5_ADDRESS : GuestMemoryLayout.PML4_ADDRESS,
                BootPageTables.BOOT_CS, BootPageTables.BOOT_DS);
        s = new Sregs(s.cs(), s.ds(), s.es(), s.fs(), s.gs(), s.ss(), s.tr(), s.ldt(),
                new DescriptorTable(GuestMemoryLayout.GDT_ADDRESS, BootPageTables.gdtLimit()), new DescriptorTable(0, 0),
                s.cr0(), s.cr2(), s.cr3(), fiveLevel ? s.cr4() | Sregs.CR4_LA57 : s.cr4() & ~Sregs.CR4_LA57, s.cr8(), s.efer(),
                s.apicBase(), s.interruptBitmap());
        bsp.setSregs(s);
        long[] r = Regs.at(entry, 0).toArray();
        r[4] = GuestMemoryLayout.BOOT_PARAMS_ADDRESS;
        bsp.setRegs(Regs.of(r));
    }
}
