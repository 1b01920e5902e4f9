package io.jvtpm.kvm.vm;

import com.sun.jna.Memory;
import io.jvtpm.kvm.KvmException;
import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.irq.IrqLine;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.sys.Fd;
import io.jvtpm.kvm.sys.FdWrappers;
import io.jvtpm.kvm.sys.KvmIoctl;
import io.jvtpm.kvm.sys.KvmLayout;
import io.jvtpm.kvm.vcpu.CoalescedMmioRing;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import io.jvtpm.kvm.vcpu.Vcpu;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A virtual machine (KVM_CREATE_VM, linux/kvm.h): memory slots in the normal and SMM address spaces, the
 * x86 setup ioctls (SET_TSS_ADDR, SET_IDENTITY_MAP_ADDR, CREATE_IRQCHIP, CREATE_PIT2), IRQ lines, vCPUs,
 * and the MMIO and port-I/O buses its vCPUs dispatch to.
 */
public final class Vm implements AutoCloseable {
    /** The normal address space. */
    public static final int ADDRESS_SPACE_NORMAL = 0;
    /** The System Management Mode address space (x86, KVM_CAP_MULTI_ADDRESS_SPACE = 2). */
    public static final int ADDRESS_SPACE_SMM = 1;

    private final Fd fd;
    private final int vcpuMmapSize;
    private final int addressSpaces;
    private final MmioBus mmio = new MmioBus();
    private final PioBus pio = new PioBus();
    private final Map<Integer, MemorySlot> slots = new ConcurrentHashMap<>();
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final int coalescedRingPage;
    private final CoalescedMmioRing.Shared coalesced = new CoalescedMmioRing.Shared();
    private volatile boolean closed;

    static {
        FdWrappers.register(Vm::new);
    }

    /**
     * A VM around {@code fd}; {@code addressSpaces} is KVM_CAP_MULTI_ADDRESS_SPACE (1 when absent), and its
     * vCPU mappings hold the coalesced MMIO ring at page {@code coalescedRingPage} (KVM_CAP_COALESCED_MMIO's
     * answer; 0 = not available). Only {@link io.jvtpm.kvm.Kvm#createVm()} makes one.
     */
    private Vm(Fd fd, int vcpuMmapSize, int addressSpaces, int coalescedRingPage) {
        this.fd = fd;
        this.vcpuMmapSize = vcpuMmapSize;
        this.addressSpaces = Math.max(1, addressSpaces);
        this.coalescedRingPage = coalescedRingPage > 0 && (coalescedRingPage + 1) * 4096L <= vcpuMmapSize
                ? coalescedRingPage : 0;
    }

    /**
     * KVM_REGISTER_COALESCED_MMIO: guest writes to [address, address + size) no longer exit but
     * wait in the ring until the next exit (see {@link #coalescedRing}); reads still exit. Only for
     * registers whose writes have no effect a guest could see before its next exiting access.
     * False (nothing changed) where KVM has no coalesced MMIO.
     */
    public boolean coalesceMmio(long address, int size) {
        if (coalescedRingPage == 0) {
            return false;
        }
        Memory zone = new Memory(KvmLayout.COALESCED_MMIO_ZONE_SIZE);
        zone.clear();
        zone.setLong(0, address);
        zone.setInt(8, size);
        fd.ioctl(KvmIoctl.REGISTER_COALESCED_MMIO, zone);
        return true;
    }

    /**
     * The coalesced MMIO ring as {@code vcpu} maps it, for its {@link ExitDispatcher}; empty where
     * KVM has none. Every vCPU's ring of this VM drains under one lock.
     */
    public Optional<CoalescedMmioRing> coalescedRing(Vcpu vcpu) {
        if (coalescedRingPage == 0) {
            return Optional.empty();
        }
        ByteBuffer page = vcpu.runArea().duplicate().position(coalescedRingPage * 4096).limit((coalescedRingPage + 1) * 4096)
                .slice();
        return Optional.of(new CoalescedMmioRing(page, coalesced));
    }

    /** The guest writes that came through the coalesced MMIO ring (without an exit of their own) so far. */
    public long coalescedWrites() {
        return coalesced.delivered();
    }

    /** The MMIO bus all vCPUs of this VM dispatch to. */
    public MmioBus mmio() {
        return mmio;
    }

    /** The port-I/O bus all vCPUs of this VM dispatch to. */
    public PioBus pio() {
        return pio;
    }

    /** How many address spaces memory slots may use (2 on x86 with SMM support). */
    public int addressSpaces() {
        return addressSpaces;
    }

    /** Maps {@code memory} at its own base in the normal address space. */
    public MemorySlot map(int slot, GuestMemory memory) {
        return setUserMemoryRegion(slot, ADDRESS_SPACE_NORMAL, memory.base(), memory, 0);
    }

    /** Maps {@code memory} at its own base in the SMM address space (seen only while a vCPU is in SMM). */
    public MemorySlot mapSmm(int slot, GuestMemory memory) {
        return setUserMemoryRegion(slot, ADDRESS_SPACE_SMM, memory.base(), memory, 0);
    }

    /**
     * KVM_SET_USER_MEMORY_REGION: installs (or replaces) slot {@code slot} of {@code addressSpace} with
     * {@code memory} at guest-physical {@code gpa}.
     */
    public MemorySlot setUserMemoryRegion(int slot, int addressSpace, long gpa, GuestMemory memory, int flags) {
        if (slot < 0 || slot > 0xffff) {
            throw new IllegalArgumentException("memory slot " + slot + " is not 0..65535");
        }
        if (addressSpace < 0 || addressSpace >= addressSpaces) {
            throw new IllegalArgumentException("address space " + addressSpace + " not supported (KVM offers "
                    + addressSpaces + ")");
        }
        MemorySlot s = new MemorySlot(slot, addressSpace, gpa, memory, flags);
        region(s.encodedSlot(), flags, gpa, memory.size(), memory.hostAddress());
        slots.put(s.encodedSlot(), s);
        return s;
    }

    /** Deletes a slot (memory_size 0). */
    public void remove(MemorySlot s) {
        region(s.encodedSlot(), 0, s.guestPhysAddr(), 0, 0);
        slots.remove(s.encodedSlot());
    }

    /** The installed slots. */
    public List<MemorySlot> slots() {
        return List.copyOf(slots.values());
    }

    private void region(int encodedSlot, int flags, long gpa, long size, long host) {
        Memory m = new Memory(KvmLayout.USERSPACE_MEMORY_REGION_SIZE);
        m.setInt(0, encodedSlot);
        m.setInt(KvmLayout.UMR_FLAGS, flags);
        m.setLong(KvmLayout.UMR_GUEST_PHYS_ADDR, gpa);
        m.setLong(KvmLayout.UMR_MEMORY_SIZE, size);
        m.setLong(KvmLayout.UMR_USERSPACE_ADDR, host);
        fd.ioctl(KvmIoctl.SET_USER_MEMORY_REGION, m);
    }

    /** KVM_SET_TSS_ADDR: three pages KVM needs below 4 GiB on Intel (unused guest-physical space). */
    public void setTssAddress(long gpa) {
        fd.ioctl(KvmIoctl.SET_TSS_ADDR, gpa);
    }

    /** KVM_SET_IDENTITY_MAP_ADDR: one page for the real-mode identity map on Intel. */
    public void setIdentityMapAddress(long gpa) {
        Memory m = new Memory(8);
        m.setLong(0, gpa);
        fd.ioctl(KvmIoctl.SET_IDENTITY_MAP_ADDR, m);
    }

    /** KVM_CREATE_IRQCHIP: in-kernel PIC pair, IOAPIC and per-vCPU local APICs (before any vCPU). */
    public void createIrqchip() {
        fd.ioctl(KvmIoctl.CREATE_IRQCHIP, 0L);
    }

    /** KVM_CREATE_PIT2 with {@code flags} (e.g. KVM_PIT_SPEAKER_DUMMY = 1). */
    public void createPit2(int flags) {
        Memory m = new Memory(KvmLayout.PIT_CONFIG_SIZE);
        m.clear();
        m.setInt(0, flags);
        fd.ioctl(KvmIoctl.CREATE_PIT2, m);
    }

    /** KVM_IRQ_LINE: drives interrupt line {@code irq} (GSI) of the in-kernel irqchip high or low. */
    public void setIrqLevel(int irq, boolean high) {
        Memory m = new Memory(KvmLayout.IRQ_LEVEL_SIZE);
        m.setInt(0, irq);
        m.setInt(4, high ? 1 : 0);
        fd.ioctl(KvmIoctl.IRQ_LINE, m);
    }

    /** A handle on interrupt line {@code irq}, for devices. */
    public IrqLine irqLine(int irq) {
        return new IrqLine(irq, this::setIrqLevel);
    }

    /** KVM_CREATE_VCPU with {@code id} and its kvm_run mapping. */
    public synchronized Vcpu createVcpu(int id) {
        int vfd = fd.ioctl(KvmIoctl.CREATE_VCPU, id);
        Vcpu v;
        try {
            v = FdWrappers.newVcpu(id, new Fd(vfd, "vCPU " + id), vcpuMmapSize);
        } catch (KvmException e) {
            new Fd(vfd, "vCPU " + id).close();
            throw e;
        }
        vcpus.add(v);
        return v;
    }

    /** The vCPUs created so far. */
    public synchronized List<Vcpu> vcpus() {
        return List.copyOf(vcpus);
    }

    /**
     * Closes the vCPUs (unmapping their kvm_run areas) and the VM fd; guest memory stays with its owner. Stop
     * every {@link io.jvtpm.kvm.vcpu.VcpuRunner} first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Vcpu v : vcpus) {
            v.close();
        }
        fd.close();
    }
}
