package io.jvtpm.examples.boot.vm;

import io.jvtpm.kvm.KvmException;
import io.jvtpm.kvm.vcpu.Regs;
import io.jvtpm.kvm.vcpu.Sregs;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vcpu.VcpuEvents;

import java.util.HexFormat;

/**
 * What a vCPU that makes no VM exit is doing (Intel SDM vol. 3A 2.5 control registers, 4.5
 * paging): RFLAGS, CR0/CR3/CR4/EFER, the pending event, and the code bytes at RIP through the
 * guest's own page tables (KVM_TRANSLATE), for the launcher's debug log.
 */
final class StuckVcpu {

    private static final int CODE_BYTES = 32;

    private StuckVcpu() {
    }

    static String describe(Vcpu vcpu, Regs r, GuestRam ram) {
        StringBuilder b = new StringBuilder();
        b.append("RFLAGS 0x").append(Long.toHexString(r.rflags()));
        try {
            Sregs s = vcpu.getSregs();
            b.append(", CR0 0x").append(Long.toHexString(s.cr0())).append(", CR2 0x").append(Long.toHexString(s.cr2()))
                    .append(", CR3 0x").append(Long.toHexString(s.cr3())).append(", CR4 0x").append(Long.toHexString(s.cr4()))
                    .append(", EFER 0x").append(Long.toHexString(s.efer()));
            VcpuEvents ev = vcpu.getEvents();
            b.append(", exception ").append(ev.exception()).append(", interrupt ").append(ev.interrupt());
            long gpa = vcpu.translate(r.rip());
            if (gpa < 0) {
                b.append(", RIP maps to nothing");
            } else {
                int n = (int) Math.min(CODE_BYTES, 0x1000 - (gpa & 0xFFF));
                b.append(", RIP at GPA 0x").append(Long.toHexString(gpa)).append(": ")
                        .append(HexFormat.of().formatHex(ram.read(gpa, n)));
            }
        } catch (KvmException | IndexOutOfBoundsException e) {
            b.append(" (").append(e.getMessage()).append(')');
        }
        return b.toString();
    }
}
