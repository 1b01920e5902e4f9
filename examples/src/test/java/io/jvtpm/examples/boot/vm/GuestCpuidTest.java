package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.kvm.vcpu.CpuidEntry;

import java.util.List;

import org.junit.jupiter.api.Test;

class GuestCpuidTest {

    private static final List<CpuidEntry> SUPPORTED = List.of(
            new CpuidEntry(0, 0, 0, 0x1F, 0x756e6547, 0x6c65746e, 0x49656e69),
            new CpuidEntry(1, 0, 0, 0x000906EA, 0x00000800, 0x7ED8320B, 0x178BFBFF),
            new CpuidEntry(4, 0, 1, 0x1C004121, 0x01C0003F, 0x3F, 0),
            new CpuidEntry(0xB, 0, 1, 1, 2, 0x100, 7),
            new CpuidEntry(0xB, 1, 1, 4, 8, 0x201, 7),
            new CpuidEntry(0xB, 2, 1, 0, 0, 2, 7),
            new CpuidEntry(0x80000008, 0, 0, 0x3030, 0, 0x7007, 0));

    private static CpuidEntry find(List<CpuidEntry> l, int fn, int idx) {
        return l.stream().filter(e -> e.function() == fn && e.index() == idx).findFirst().orElseThrow();
    }

    @Test
    void fourCpuTopology() {
        List<CpuidEntry> l = GuestCpuid.forVcpu(SUPPORTED, 3, 4);
        CpuidEntry f = find(l, 1, 0);
        assertEquals(3, f.ebx() >>> 24, "initial APIC ID");
        assertEquals(4, (f.ebx() >>> 16) & 0xFF, "logical processors");
        assertEquals(0x0800, f.ebx() & 0xFFFF, "CLFLUSH size kept");
        assertEquals(1, f.ecx() >>> 31, "hypervisor present");
        assertEquals(1, (f.edx() >>> 28) & 1, "HTT with several CPUs");
        CpuidEntry smt = find(l, 0xB, 0);
        assertEquals(List.of(0, 1, 0x100, 3), List.of(smt.eax(), smt.ebx(), smt.ecx(), smt.edx()));
        CpuidEntry core = find(l, 0xB, 1);
        assertEquals(List.of(2, 4, 0x201, 3), List.of(core.eax(), core.ebx(), core.ecx(), core.edx()));
        CpuidEntry end = find(l, 0xB, 2);
        assertEquals(List.of(0, 0, 2, 3), List.of(end.eax(), end.ebx(), end.ecx(), end.edx()));
        assertEquals(3, find(l, 4, 0).eax() >>> 26, "cores per package - 1");
        assertEquals(0x2003, find(l, 0x80000008, 0).ecx() & 0xF0FF, "AMD: ApicIdSize 2, NC 3");
        assertEquals(SUPPORTED.get(0), find(l, 0, 0), "other leaves untouched");
    }

    @Test
    void singleCpuHasNoHtt() {
        CpuidEntry f = find(GuestCpuid.forVcpu(SUPPORTED, 0, 1), 1, 0);
        assertEquals(0, (f.edx() >>> 28) & 1);
        assertEquals(1, (f.ebx() >>> 16) & 0xFF);
        assertEquals(0, find(GuestCpuid.forVcpu(SUPPORTED, 0, 1), 4, 0).eax() >>> 26);
    }

    @Test
    void tscDeadlineSetOnlyInLeafOne() {
        List<CpuidEntry> l = GuestCpuid.withTscDeadline(SUPPORTED);
        assertEquals(1, (find(l, 1, 0).ecx() >>> 24) & 1, "TSC deadline offered");
        assertEquals(0, (find(SUPPORTED, 1, 0).ecx() >>> 24) & 1, "KVM's list itself lacks it");
        assertEquals(find(SUPPORTED, 1, 0).ecx() | GuestCpuid.ECX_TSC_DEADLINE, find(l, 1, 0).ecx(), "other bits kept");
        assertEquals(SUPPORTED.subList(2, SUPPORTED.size()), l.subList(2, l.size()), "other leaves untouched");
    }

    @Test
    void la57IsLeafSevenEcxBit16() {
        assertEquals(false, GuestCpuid.offersLa57(SUPPORTED));
        List<CpuidEntry> with = new java.util.ArrayList<>(SUPPORTED);
        with.add(new CpuidEntry(7, 0, 1, 0, 0, 1 << 16, 0));
        assertEquals(true, GuestCpuid.offersLa57(with));
        with.set(with.size() - 1, new CpuidEntry(7, 1, 1, 0, 0, 1 << 16, 0));
        assertEquals(false, GuestCpuid.offersLa57(with), "only subleaf 0 counts");
    }
}
