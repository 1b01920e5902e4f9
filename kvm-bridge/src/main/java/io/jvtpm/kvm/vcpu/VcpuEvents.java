package io.jvtpm.kvm.vcpu;

import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_EXCEPTION_ERROR_CODE;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_EXCEPTION_HAS_PAYLOAD;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_EXCEPTION_INJECTED;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_EXCEPTION_PAYLOAD;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_FLAGS;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_INTERRUPT_INJECTED;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_NMI_INJECTED;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_SIPI_VECTOR;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_SMI_SMM;
import static io.jvtpm.kvm.sys.KvmLayout.EVENTS_TRIPLE_FAULT;
import static io.jvtpm.kvm.sys.KvmLayout.VCPU_EVENTS_SIZE;

import java.nio.ByteBuffer;

/**
 * struct kvm_vcpu_events (linux/kvm.h): pending/injected exception, interrupt, NMI and SMI state of a vCPU
 * (KVM_GET/SET_VCPU_EVENTS). {@code flags} says which optional parts are valid on SET.
 */
public record VcpuEvents(ExceptionEvent exception, Interrupt interrupt, Nmi nmi, int sipiVector, int flags, Smi smi,
                         boolean tripleFaultPending, boolean exceptionHasPayload, long exceptionPayload) {
    /** KVM_VCPUEVENT_VALID_NMI_PENDING. */
    public static final int VALID_NMI_PENDING = 0x1;
    /** KVM_VCPUEVENT_VALID_SIPI_VECTOR. */
    public static final int VALID_SIPI_VECTOR = 0x2;
    /** KVM_VCPUEVENT_VALID_SHADOW. */
    public static final int VALID_SHADOW = 0x4;
    /** KVM_VCPUEVENT_VALID_SMM. */
    public static final int VALID_SMM = 0x8;
    /** KVM_VCPUEVENT_VALID_PAYLOAD. */
    public static final int VALID_PAYLOAD = 0x10;
    /** KVM_VCPUEVENT_VALID_TRIPLE_FAULT. */
    public static final int VALID_TRIPLE_FAULT = 0x20;

    /** The exception part. */
    public record ExceptionEvent(boolean injected, int nr, boolean hasErrorCode, boolean pending, int errorCode) {
    }

    /** The external-interrupt part. */
    public record Interrupt(boolean injected, int nr, boolean soft, int shadow) {
    }

    /** The NMI part. */
    public record Nmi(boolean injected, boolean pending, boolean masked) {
    }

    /** The SMI part: whether the vCPU is in SMM, an SMI is pending, SMM was entered from an NMI, INIT latched. */
    public record Smi(boolean smm, boolean pending, boolean smmInsideNmi, boolean latchedInit) {
    }

    static VcpuEvents decode(ByteBuffer b) {
        int e = EVENTS_EXCEPTION_INJECTED;
        int i = EVENTS_INTERRUPT_INJECTED;
        int n = EVENTS_NMI_INJECTED;
        int s = EVENTS_SMI_SMM;
        return new VcpuEvents(
                new ExceptionEvent(b.get(e) != 0, b.get(e + 1) & 0xff, b.get(e + 2) != 0, b.get(e + 3) != 0,
                        b.getInt(EVENTS_EXCEPTION_ERROR_CODE)),
                new Interrupt(b.get(i) != 0, b.get(i + 1) & 0xff, b.get(i + 2) != 0, b.get(i + 3) & 0xff),
                new Nmi(b.get(n) != 0, b.get(n + 1) != 0, b.get(n + 2) != 0),
                b.getInt(EVENTS_SIPI_VECTOR), b.getInt(EVENTS_FLAGS),
                new Smi(b.get(s) != 0, b.get(s + 1) != 0, b.get(s + 2) != 0, b.get(s + 3) != 0),
                b.get(EVENTS_TRIPLE_FAULT) != 0, b.get(EVENTS_EXCEPTION_HAS_PAYLOAD) != 0,
                b.getLong(EVENTS_EXCEPTION_PAYLOAD));
    }

    void encode(ByteBuffer b) {
        for (int k = 0; k < VCPU_EVENTS_SIZE; k++) {
            b.put(k, (byte) 0);
        }
        int e = EVENTS_EXCEPTION_INJECTED;
        b.put(e, flag(exception.injected()));
        b.put(e + 1, (byte) exception.nr());
        b.put(e + 2, flag(exception.hasErrorCode()));
        b.put(e + 3, flag(exception.pending()));
        b.putInt(EVENTS_EXCEPTION_ERROR_CODE, exception.errorCode());
        int i = EVENTS_INTERRUPT_INJECTED;
        b.put(i, flag(interrupt.injected()));
        b.put(i + 1, (byte) interrupt.nr());
        b.put(i + 2, flag(interrupt.soft()));
        b.put(i + 3, (byte) interrupt.shadow());
        int n = EVENTS_NMI_INJECTED;
        b.put(n, flag(nmi.injected()));
        b.put(n + 1, flag(nmi.pending()));
        b.put(n + 2, flag(nmi.masked()));
        b.putInt(EVENTS_SIPI_VECTOR, sipiVector);
        b.putInt(EVENTS_FLAGS, flags);
        int s = EVENTS_SMI_SMM;
        b.put(s, flag(smi.smm()));
        b.put(s + 1, flag(smi.pending()));
        b.put(s + 2, flag(smi.smmInsideNmi()));
        b.put(s + 3, flag(smi.latchedInit()));
        b.put(EVENTS_TRIPLE_FAULT, flag(tripleFaultPending));
        b.put(EVENTS_EXCEPTION_HAS_PAYLOAD, flag(exceptionHasPayload));
        b.putLong(EVENTS_EXCEPTION_PAYLOAD, exceptionPayload);
    }

    private static byte flag(boolean v) {
        return (byte) (v ? 1 : 0);
    }
}
