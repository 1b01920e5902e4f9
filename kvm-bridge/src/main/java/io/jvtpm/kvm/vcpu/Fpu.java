package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.FPU_FCW;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_FSW;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_FTWX;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_LAST_DP;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_LAST_IP;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_LAST_OPCODE;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_MXCSR;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_SIZE;
import static io.jvtpm.kvm.sys.KvmLayout.FPU_XMM;

import java.nio.ByteBuffer;

/**
 * struct kvm_fpu (linux/kvm.h, x86): x87 registers (8 x 16 bytes), control/status/tag words, last
 * instruction and data pointers, XMM0-15 (16 x 16 bytes) and MXCSR (KVM_GET/SET_FPU). Arrays are copied.
 */
public record Fpu(byte[] fpr, int fcw, int fsw, int ftwx, int lastOpcode, long lastIp, long lastDp, byte[] xmm,
                  int mxcsr) {
    /** Copies and checks the register arrays. */
    public Fpu {
        if (fpr.length != 128 || xmm.length != 256) {
            throw new IllegalArgumentException("kvm_fpu holds 128 bytes of x87 and 256 bytes of XMM registers");
        }
        fpr = fpr.clone();
        xmm = xmm.clone();
    }

    /** A copy of the x87 register bytes. */
    @Override
    public byte[] fpr() {
        return fpr.clone();
    }

    /** A copy of the XMM register bytes. */
    @Override
    public byte[] xmm() {
        return xmm.clone();
    }

    /** The 16 bytes of XMM register {@code n}. */
    public byte[] xmm(int n) {
        byte[] r = new byte[16];
        System.arraycopy(xmm, n * 16, r, 0, 16);
        return r;
    }

    static Fpu decode(ByteBuffer b) {
        byte[] f = new byte[128];
        byte[] x = new byte[256];
        b.get(0, f);
        b.get(FPU_XMM, x);
        return new Fpu(f, b.getShort(FPU_FCW) & 0xffff, b.getShort(FPU_FSW) & 0xffff, b.get(FPU_FTWX) & 0xff,
                b.getShort(FPU_LAST_OPCODE) & 0xffff, b.getLong(FPU_LAST_IP), b.getLong(FPU_LAST_DP), x,
                b.getInt(FPU_MXCSR));
    }

    void encode(ByteBuffer b) {
        for (int k = 0; k < FPU_SIZE; k++) {
            b.put(k, (byte) 0);
        }
        b.put(0, fpr);
        b.putShort(FPU_FCW, (short) fcw);
        b.putShort(FPU_FSW, (short) fsw);
        b.put(FPU_FTWX, (byte) ftwx);
        b.putShort(FPU_LAST_OPCODE, (short) lastOpcode);
        b.putLong(FPU_LAST_IP, lastIp);
        b.putLong(FPU_LAST_DP, lastDp);
        b.put(FPU_XMM, xmm);
        b.putInt(FPU_MXCSR, mxcsr);
    }
}
