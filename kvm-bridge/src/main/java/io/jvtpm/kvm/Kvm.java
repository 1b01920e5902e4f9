package io.jvtpm.kvm;

import com.sun.jna.Memory;
import io.jvtpm.kvm.sys.Fd;
import io.jvtpm.kvm.sys.FdWrappers;
import io.jvtpm.kvm.sys.KvmIoctl;
import io.jvtpm.kvm.sys.KvmLayout;
import io.jvtpm.kvm.sys.RunIoctl;
import io.jvtpm.kvm.vcpu.CpuidEntry;
import io.jvtpm.kvm.vm.Vm;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The KVM system handle, /dev/kvm (linux/kvm.h system ioctls): API version, extensions, the vCPU mmap size,
 * the supported CPUID leaves and MSR list, and VM creation.
 */
public final class Kvm implements AutoCloseable {
    /** The device node. */
    public static final String DEVICE = "/dev/kvm";
    /** KVM_API_VERSION, the only stable API version. */
    public static final int API_VERSION = 12;
    private static final int E2BIG = 7;

    private final Fd fd;

    private Kvm(Fd fd) {
        this.fd = fd;
    }

    /** True when /dev/kvm exists and this process may open it read-write. */
    public static boolean available() {
        File f = new File(DEVICE);
        return f.exists() && f.canRead() && f.canWrite();
    }

    /** Opens /dev/kvm and checks the API version. */
    public static Kvm open() {
        Kvm k = new Kvm(Fd.open(DEVICE));
        int v = k.apiVersion();
        if (v != API_VERSION) {
            k.close();
            throw new KvmException("KVM_GET_API_VERSION", "answered " + v + ", expected " + API_VERSION);
        }
        return k;
    }

    /** KVM_GET_API_VERSION. */
    public int apiVersion() {
        return fd.ioctl(KvmIoctl.GET_API_VERSION, 0L);
    }

    /** KVM_CHECK_EXTENSION: 0 when absent, else 1 or a capability-specific number. */
    public int checkExtension(KvmCap cap) {
        return fd.ioctl(KvmIoctl.CHECK_EXTENSION, cap.number());
    }

    /**
     * KVM_CHECK_EXTENSION(KVM_CAP_TSC_DEADLINE_TIMER): whether the in-kernel local APIC offers the
     * TSC-deadline timer mode, which userspace then announces in CPUID leaf 1 (ECX bit 24).
     */
    public boolean offersTscDeadlineTimer() {
        return checkExtension(KvmCap.TSC_DEADLINE_TIMER) > 0;
    }

    /**
     * Loads and binds the native call path of KVM_RUN (jnr-ffi, else JNA) now, off the path to a
     * guest's first instruction; later calls return at once. True when KVM_RUN goes through jnr-ffi.
     */
    public static boolean prepareRunPath() {
        return RunIoctl.usesJnr();
    }

    /** KVM_GET_VCPU_MMAP_SIZE. */
    public int vcpuMmapSize() {
        return fd.ioctl(KvmIoctl.GET_VCPU_MMAP_SIZE, 0L);
    }

    /** KVM_GET_SUPPORTED_CPUID: every CPUID leaf KVM can offer a guest. */
    public List<CpuidEntry> supportedCpuid() {
        for (int n = 64; n <= 4096; n *= 2) {
            Memory m = new Memory(KvmLayout.CPUID2_ENTRIES + (long) n * KvmLayout.CPUID_ENTRY2_SIZE);
            m.clear();
            m.setInt(0, n);
            try {
                fd.ioctl(KvmIoctl.GET_SUPPORTED_CPUID, m);
            } catch (KvmException e) {
                if (e.errno() == E2BIG) {
                    continue;
                }
                throw e;
            }
            int count = m.getInt(0);
            List<CpuidEntry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = KvmLayout.CPUID2_ENTRIES + (long) i * KvmLayout.CPUID_ENTRY2_SIZE;
                out.add(new CpuidEntry(m.getInt(at), m.getInt(at + KvmLayout.CPUID_ENTRY2_INDEX),
                        m.getInt(at + KvmLayout.CPUID_ENTRY2_FLAGS), m.getInt(at + KvmLayout.CPUID_ENTRY2_EAX),
                        m.getInt(at + KvmLayout.CPUID_ENTRY2_EAX + 4), m.getInt(at + KvmLayout.CPUID_ENTRY2_EAX + 8),
                        m.getInt(at + KvmLayout.CPUID_ENTRY2_EDX)));
            }
            return out;
        }
        throw new KvmException("KVM_GET_SUPPORTED_CPUID", "more than 4096 entries");
    }

    /** KVM_GET_MSR_INDEX_LIST: the MSRs KVM saves and restores. */
    public int[] msrIndexList() {
        Memory probe = new Memory(KvmLayout.MSR_LIST_SIZE);
        probe.setInt(0, 0);
        try {
            fd.ioctl(KvmIoctl.GET_MSR_INDEX_LIST, probe);
            return new int[0];
        } catch (KvmException e) {
            if (e.errno() != E2BIG) {
                throw e;
            }
        }
        int n = probe.getInt(0);
        Memory m = new Memory(KvmLayout.MSR_LIST_SIZE + 4L * n);
        m.setInt(0, n);
        fd.ioctl(KvmIoctl.GET_MSR_INDEX_LIST, m);
        return m.getIntArray(KvmLayout.MSR_LIST_SIZE, m.getInt(0));
    }

    /** KVM_CREATE_VM (default machine type). */
    public Vm createVm() {
        int addressSpaces = checkExtension(KvmCap.MULTI_ADDRESS_SPACE);
        int mmapSize = vcpuMmapSize();
        int coalescedRingPage = checkExtension(KvmCap.COALESCED_MMIO);
        int vmFd = fd.ioctl(KvmIoctl.CREATE_VM, 0L);
        return FdWrappers.newVm(new Fd(vmFd, "VM"), mmapSize, addressSpaces, coalescedRingPage);
    }

    @Override
    public void close() {
        fd.close();
    }
}
