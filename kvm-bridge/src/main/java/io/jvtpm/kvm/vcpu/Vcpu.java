package io.jvtpm.kvm.vcpu;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.jvtpm.kvm.KvmException;
import io.jvtpm.kvm.exit.ExitDecoder;
import io.jvtpm.kvm.exit.InterruptedExit;
import io.jvtpm.kvm.exit.VmExit;
import io.jvtpm.kvm.sys.Fd;
import io.jvtpm.kvm.sys.FdWrappers;
import io.jvtpm.kvm.sys.KvmIoctl;
import io.jvtpm.kvm.sys.KvmLayout;
import io.jvtpm.kvm.sys.LibC;
import io.jvtpm.kvm.sys.RunIoctl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A virtual CPU (KVM_CREATE_VCPU, linux/kvm.h): its fd, the mmap'd struct kvm_run, and the vCPU ioctls
 * (RUN, GET/SET_REGS, GET/SET_SREGS, SET_CPUID2, GET/SET_MSRS, GET/SET_VCPU_EVENTS, SMI, GET/SET_FPU). KVM
 * serialises vCPU ioctls per vCPU; call them from the thread that runs it, or while it is paused.
 */
public final class Vcpu implements AutoCloseable {
    private static final InterruptedExit INTERRUPTED = new InterruptedExit();
    private static final long RUN_REQUEST = KvmIoctl.RUN.request();
    private final int id;
    private final Fd fd;
    private final int rawFd;
    private final Pointer runPointer;
    private final long runSize;
    private final ByteBuffer run;
    private final Memory scratch = new Memory(512);
    private final ByteBuffer scratchBuffer = scratch.getByteBuffer(0, 512).order(ByteOrder.LITTLE_ENDIAN);
    private volatile boolean closed;

    static {
        FdWrappers.register(Vcpu::new);
    }

    /**
     * Wraps a vCPU fd and maps its kvm_run area of {@code mmapSize} bytes (KVM_GET_VCPU_MMAP_SIZE). Only
     * {@link io.jvtpm.kvm.vm.Vm#createVcpu(int)} makes one.
     */
    private Vcpu(int id, Fd fd, int mmapSize) {
        if (mmapSize < KvmLayout.RUN_SIZE) {
            throw new KvmException("KVM_GET_VCPU_MMAP_SIZE", "answered " + mmapSize + ", smaller than struct kvm_run");
        }
        this.id = id;
        this.fd = fd;
        this.rawFd = fd.fd();
        this.runSize = mmapSize;
        this.runPointer = fd.mmapShared(mmapSize);
        this.run = runPointer.getByteBuffer(0, mmapSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The vCPU id given to KVM_CREATE_VCPU (the APIC id). */
    public int id() {
        return id;
    }

    /** The shared kvm_run mapping (little-endian, absolute indexes; capacity = the mmap size). */
    public ByteBuffer runArea() {
        return run;
    }

    /**
     * Runs the vCPU until the next exit and decodes it. KVM_RUN failing with EINTR or EAGAIN (a signal or
     * immediate_exit) answers {@link InterruptedExit}; other failures throw {@link KvmException}.
     */
    public VmExit run() {
        int r = RunIoctl.ioctl(rawFd, RUN_REQUEST, 0L);
        if (r < 0) {
            int errno = -r;
            if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
                return INTERRUPTED;
            }
            throw new KvmException("KVM_RUN on vCPU " + id, errno);
        }
        return ExitDecoder.decode(run);
    }

    /** Sets or clears kvm_run.immediate_exit: KVM_RUN returns EINTR at once while it is set. */
    public void setImmediateExit(boolean value) {
        run.put(KvmLayout.RUN_IMMEDIATE_EXIT, (byte) (value ? 1 : 0));
    }

    /** Sets kvm_run.request_interrupt_window. */
    public void setRequestInterruptWindow(boolean value) {
        run.put(KvmLayout.RUN_REQUEST_INTERRUPT_WINDOW, (byte) (value ? 1 : 0));
    }

    /** kvm_run.flags has KVM_RUN_X86_SMM: the vCPU was in System Management Mode at the last exit. */
    public boolean inSmm() {
        return (run.getShort(KvmLayout.RUN_FLAGS) & 1) != 0;
    }

    /** kvm_run.if_flag at the last exit. */
    public boolean interruptsEnabled() {
        return run.get(KvmLayout.RUN_IF_FLAG) != 0;
    }

    /**
     * KVM_TRANSLATE: the guest-physical address that {@code linear} maps to under the vCPU's paging
     * now, or -1 when it maps to nothing (for diagnostics: what a stuck guest runs).
     */
    public synchronized long translate(long linear) {
        scratch.clear(KvmLayout.TRANSLATION_SIZE);
        scratch.setLong(KvmLayout.TRANSLATION_LINEAR, linear);
        fd.ioctl(KvmIoctl.TRANSLATE, scratch);
        return scratch.getByte(KvmLayout.TRANSLATION_VALID) != 0 ? scratch.getLong(KvmLayout.TRANSLATION_PHYSICAL) : -1;
    }

    /** KVM_GET_REGS. */
    public Regs getRegs() {
        return get(KvmIoctl.GET_REGS, Regs::decode);
    }

    /** KVM_SET_REGS. */
    public void setRegs(Regs regs) {
        set(KvmIoctl.SET_REGS, regs::encode);
    }

    /** KVM_GET_SREGS. */
    public Sregs getSregs() {
        return get(KvmIoctl.GET_SREGS, Sregs::decode);
    }

    /** KVM_SET_SREGS. */
    public void setSregs(Sregs sregs) {
        set(KvmIoctl.SET_SREGS, sregs::encode);
    }

    /** KVM_GET_FPU. */
    public Fpu getFpu() {
        return get(KvmIoctl.GET_FPU, Fpu::decode);
    }

    /** KVM_SET_FPU. */
    public void setFpu(Fpu fpu) {
        set(KvmIoctl.SET_FPU, fpu::encode);
    }

    /** KVM_GET_VCPU_EVENTS. */
    public VcpuEvents getEvents() {
        return get(KvmIoctl.GET_VCPU_EVENTS, VcpuEvents::decode);
    }

    /** KVM_SET_VCPU_EVENTS. */
    public void setEvents(VcpuEvents events) {
        set(KvmIoctl.SET_VCPU_EVENTS, events::encode);
    }

    /** A GET ioctl of a fixed-size struct into the scratch area, decoded. */
    private synchronized <T> T get(KvmIoctl request, Function<ByteBuffer, T> decode) {
        fd.ioctl(request, scratch);
        return decode.apply(scratchBuffer);
    }

    /** A SET ioctl of a fixed-size struct encoded into the scratch area. */
    private synchronized void set(KvmIoctl request, Consumer<ByteBuffer> encode) {
        encode.accept(scratchBuffer);
        fd.ioctl(request, scratch);
    }

    /** KVM_SET_CPUID2: the CPUID leaves the guest sees. */
    public void setCpuid(List<CpuidEntry> entries) {
        Memory m = new Memory(KvmLayout.CPUID2_ENTRIES + (long) entries.size() * KvmLayout.CPUID_ENTRY2_SIZE);
        m.clear();
        m.setInt(0, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CpuidEntry e = entries.get(i);
            long at = KvmLayout.CPUID2_ENTRIES + (long) i * KvmLayout.CPUID_ENTRY2_SIZE;
            m.setInt(at, e.function());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_INDEX, e.index());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_FLAGS, e.flags());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_EAX, e.eax());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_EAX + 4, e.ebx());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_EAX + 8, e.ecx());
            m.setInt(at + KvmLayout.CPUID_ENTRY2_EDX, e.edx());
        }
        fd.ioctl(KvmIoctl.SET_CPUID2, m);
    }

    /** KVM_GET_MSRS for the given MSR indices; answers the MSRs KVM could read, in order. */
    public List<MsrEntry> getMsrs(int... indices) {
        Memory m = msrs(indices.length);
        for (int i = 0; i < indices.length; i++) {
            m.setInt(KvmLayout.MSRS_ENTRIES + (long) i * KvmLayout.MSR_ENTRY_SIZE, indices[i]);
        }
        int n = fd.ioctl(KvmIoctl.GET_MSRS, m);
        List<MsrEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = KvmLayout.MSRS_ENTRIES + (long) i * KvmLayout.MSR_ENTRY_SIZE;
            out.add(new MsrEntry(m.getInt(at), m.getLong(at + KvmLayout.MSR_ENTRY_DATA)));
        }
        return out;
    }

    /** KVM_SET_MSRS; answers how many of the MSRs KVM set (it stops at the first it refuses). */
    public int setMsrs(List<MsrEntry> entries) {
        Memory m = msrs(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            long at = KvmLayout.MSRS_ENTRIES + (long) i * KvmLayout.MSR_ENTRY_SIZE;
            m.setInt(at, entries.get(i).index());
            m.setLong(at + KvmLayout.MSR_ENTRY_DATA, entries.get(i).data());
        }
        return fd.ioctl(KvmIoctl.SET_MSRS, m);
    }

    /** KVM_SMI: queues a System Management Interrupt, taken at the next KVM_RUN (needs KVM_CAP_X86_SMM). */
    public void smi() {
        fd.ioctl(KvmIoctl.SMI, 0L);
    }

    private static Memory msrs(int n) {
        Memory m = new Memory(KvmLayout.MSRS_ENTRIES + (long) Math.max(n, 1) * KvmLayout.MSR_ENTRY_SIZE);
        m.clear();
        m.setInt(0, n);
        return m;
    }

    /** Unmaps kvm_run and closes the vCPU fd. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Fd.munmap(runPointer, runSize, "kvm_run");
        } finally {
            fd.close();
        }
    }

    @Override
    public String toString() {
        return "vCPU " + id;
    }
}
