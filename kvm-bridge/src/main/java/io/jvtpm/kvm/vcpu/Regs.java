package io.jvtpm.kvm.vcpu;

import io.jvtpm.kvm.sys.KvmLayout;
import java.nio.ByteBuffer;

/** struct kvm_regs (linux/kvm.h, x86): the general-purpose registers, RIP and RFLAGS (KVM_GET/SET_REGS). */
public record Regs(long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rsp, long rbp,
                   long r8, long r9, long r10, long r11, long r12, long r13, long r14, long r15,
                   long rip, long rflags) {
    /** RFLAGS bit 1, always set. */
    public static final long RFLAGS_RESERVED = 0x2;
    /** RFLAGS.IF. */
    public static final long RFLAGS_IF = 0x200;

    /** All zero except the reserved RFLAGS bit, entering at {@code rip} with stack {@code rsp}. */
    public static Regs at(long rip, long rsp) {
        return new Regs(0, 0, 0, 0, 0, 0, rsp, 0, 0, 0, 0, 0, 0, 0, 0, 0, rip, RFLAGS_RESERVED);
    }

    /** This state with RIP replaced. */
    public Regs withRip(long v) {
        long[] a = toArray();
        a[16] = v;
        return of(a);
    }

    /** This state with RFLAGS replaced. */
    public Regs withRflags(long v) {
        long[] a = toArray();
        a[17] = v;
        return of(a);
    }

    /** This state with RAX, RBX, RCX and RDX replaced. */
    public Regs withAbcd(long a, long b, long c, long d) {
        long[] x = toArray();
        x[0] = a;
        x[1] = b;
        x[2] = c;
        x[3] = d;
        return of(x);
    }

    /** The 18 registers in kvm_regs order. */
    public long[] toArray() {
        return new long[] {rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags};
    }

    /** From 18 values in kvm_regs order. */
    public static Regs of(long[] a) {
        if (a.length != 18) {
            throw new IllegalArgumentException("kvm_regs has 18 registers, got " + a.length);
        }
        return new Regs(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13],
                a[14], a[15], a[16], a[17]);
    }

    /** Reads a kvm_regs from a little-endian buffer at index 0. */
    static Regs decode(ByteBuffer b) {
        long[] a = new long[18];
        for (int i = 0; i < 18; i++) {
            a[i] = b.getLong(i * 8);
        }
        return of(a);
    }

    /** Writes this as a kvm_regs into a little-endian buffer at index 0. */
    void encode(ByteBuffer b) {
        long[] a = toArray();
        for (int i = 0; i < 18; i++) {
            b.putLong(i * 8, a[i]);
        }
        assert KvmLayout.REGS_SIZE == 18 * 8;
    }
}
