package io.jvtpm.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvtpm.kvm.exit.HaltExit;
import io.jvtpm.kvm.exit.VmExit;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.smi.ApmPort;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import io.jvtpm.kvm.vcpu.ExitPolicy;
import io.jvtpm.kvm.vcpu.Fpu;
import io.jvtpm.kvm.vcpu.MsrEntry;
import io.jvtpm.kvm.vcpu.Regs;
import io.jvtpm.kvm.vcpu.Segment;
import io.jvtpm.kvm.vcpu.Sregs;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vcpu.VcpuEvents;
import io.jvtpm.kvm.vcpu.VcpuRunner;
import io.jvtpm.kvm.vm.Vm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guest code on a real /dev/kvm: port I/O and MMIO of every size in real mode and in 64-bit long mode, the
 * APM port's host SMI, a KVM_SMI into an SMRAM handler in address space 1, PIC interrupts from KVM_IRQ_LINE,
 * two vCPUs at once, and pause/kick/reset. Skipped (never failed) where /dev/kvm is absent: CI reaches KVM
 * through scripts/nested-kvm.sh (tests/e2e/kvm-nested.sh).
 */
@Tag("kvm")
class KvmGuestTest {
    private static final long RAM_SIZE = 0x80000;
    private static final int CODE = 0x1000;
    private static final int STACK = 0x7000;
    private static final int DATA_PORT = 0x10;
    private static final int ECHO_PORT = 0x14;
    private static final int STRING_PORT = 0x18;
    private static final long REAL_MMIO = 0xD0000;
    private static final long LONG_MMIO = 0xFED40000L;

    private Kvm kvm;
    private Vm vm;
    private GuestMemory ram;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void needKvm() {
        assumeTrue(Kvm.available(), "no usable /dev/kvm here; run tests/e2e/kvm-nested.sh");
    }

    @BeforeEach
    void open() {
        kvm = Kvm.open();
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
        if (ram != null) {
            ram.close();
        }
        kvm.close();
    }

    private Vm newVm(boolean irqchip) {
        vm = kvm.createVm();
        if (kvm.checkExtension(KvmCap.SET_TSS_ADDR) > 0) {
            vm.setTssAddress(0xFFFBD000L);
        }
        if (kvm.checkExtension(KvmCap.SET_IDENTITY_MAP_ADDR) > 0) {
            vm.setIdentityMapAddress(0xFFFBC000L);
        }
        if (irqchip) {
            vm.createIrqchip();
        }
        ram = GuestMemory.allocate(0, RAM_SIZE);
        vm.map(0, ram);
        return vm;
    }

    /** A vCPU in real mode at 0:CODE with ES = {@code esSelector}. */
    private Vcpu realModeVcpu(int id, int ip, int esSelector) {
        Vcpu v = vm.createVcpu(id);
        Sregs s = v.getSregs().realMode(0, 0);
        s = new Sregs(s.cs(), s.ds(), Segment.realMode(esSelector, 0x3), s.fs(), s.gs(), s.ss(), s.tr(), s.ldt(),
                s.gdt(), s.idt(), s.cr0(), s.cr2(), s.cr3(), s.cr4(), s.cr8(), s.efer(), s.apicBase(),
                s.interruptBitmap());
        v.setSregs(s);
        v.setRegs(Regs.at(ip, STACK));
        return v;
    }

    private static VmExit runToEnd(Vm vm, Vcpu v, ExitPolicy policy) throws InterruptedException {
        AtomicReference<VmExit> last = new AtomicReference<>();
        VcpuRunner r = new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio()), (vcpu, exit) -> {
            last.set(exit);
            return policy.onExit(vcpu, exit);
        });
        r.start();
        assertTrue(r.awaitStop(60, TimeUnit.SECONDS), "guest did not finish within 60 s");
        assertTrue(r.failure().isEmpty(), () -> "run loop failed: " + r.failure());
        return last.get();
    }

    /** Port values a test device answers: 0xA5, 0xBEEF or 0xCAFEF00D by size; MMIO values by offset. */
    private static long portValue(int size) {
        return switch (size) {
            case 1 -> 0xA5;
            case 2 -> 0xBEEF;
            default -> 0xCAFEF00DL;
        };
    }

    private static long mmioValue(int size) {
        return switch (size) {
            case 1 -> 0x5A;
            case 2 -> 0x1234;
            case 4 -> 0x89ABCDEFL;
            default -> 0x0123456789ABCDEFL;
        };
    }

    private void registerTestDevices(long mmioBase) {
        vm.pio().register("data", DATA_PORT, 4, (off, size) -> {
            log.add("in " + size);
            return portValue(size);
        }, (off, size, v) -> log.add("bad write to data port"));
        vm.pio().register("echo", ECHO_PORT, 4, (off, size) -> -1,
                (off, size, v) -> log.add(String.format("echo %d %x", size, v)));
        vm.pio().register("string", STRING_PORT, 1, (off, size) -> -1,
                (off, size, v) -> log.add(String.format("str %c", (char) v)));
        vm.mmio().register("mmio", mmioBase, 0x1000, (off, size) -> {
            log.add(String.format("mr %x %d", off, size));
            return mmioValue(size);
        }, (off, size, v) -> log.add(String.format("mw %x %d %x", off, size, v)));
    }

    @Test
    void systemQueries() {
        assertEquals(Kvm.API_VERSION, kvm.apiVersion());
        assertTrue(kvm.vcpuMmapSize() >= 4096);
        assertTrue(kvm.checkExtension(KvmCap.USER_MEMORY) > 0);
        assertTrue(kvm.supportedCpuid().stream().anyMatch(e -> e.function() == 0), "CPUID leaf 0 missing");
        assertTrue(kvm.msrIndexList().length > 0, "empty MSR index list");
    }

    @Test
    void realModePortIoMmioAndApmSmi() throws Exception {
        newVm(false);
        registerTestDevices(REAL_MMIO);
        ApmPort apm = ApmPort.register(vm.pio(), (cmd, status) -> {
            log.add(String.format("smi %x", cmd));
            return cmd ^ 0xFF;
        });
        GuestCode c = new GuestCode(16);
        for (int size : new int[] {1, 2, 4}) {
            c.movDx(DATA_PORT).inDx(size).movDx(ECHO_PORT).outDx(size);
        }
        c.loadEs(1, 0x0).storeEs(1, 0x100).loadEs(2, 0x2).storeEs(2, 0x102).loadEs(4, 0x4).storeEs(4, 0x104);
        c.movSi(0x2000).movCx(3).movDx(STRING_PORT).repOutsb();
        c.movAl(0x42).outImm(ApmPort.CONTROL_PORT).inImm(ApmPort.STATUS_PORT).movDx(ECHO_PORT).outDx(1);
        // a device that throws and a port nobody serves both read as all-ones; the guest keeps running
        c.movAl(0).inImm(0x1C).movDx(ECHO_PORT).outDx(1).movAl(0).inImm(0x1E).movDx(ECHO_PORT).outDx(1);
        c.hlt();
        ram.write(CODE, c.bytes());
        ram.write(0x2000, "KVM".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        vm.pio().register("broken", 0x1C, 1, (off, size) -> {
            throw new IllegalStateException("device bug");
        }, (off, size, val) -> { });
        Vcpu v = realModeVcpu(0, CODE, (int) (REAL_MMIO >>> 4));

        VmExit last = runToEnd(vm, v, ExitPolicy.standard());

        assertInstanceOf(HaltExit.class, last);
        assertEquals(List.of("in 1", "echo 1 a5", "in 2", "echo 2 beef", "in 4", "echo 4 cafef00d",
                "mr 0 1", "mw 100 1 5a", "mr 2 2", "mw 102 2 1234", "mr 4 4", "mw 104 4 89abcdef",
                "str K", "str V", "str M", "smi 42", "echo 1 bd", "echo 1 ff", "echo 1 ff"), log);
        assertEquals(0xBD, apm.status());
        assertEquals(CODE + c.bytes().length, v.getRegs().rip(), "RIP after HLT");
    }

    @Test
    void coalescedMmioWritesWaitInTheRingUntilTheNextExit() throws Exception {
        newVm(false);
        registerTestDevices(REAL_MMIO);
        assumeTrue(vm.coalesceMmio(REAL_MMIO + 0x100, 0x10), "KVM without coalesced MMIO");
        GuestCode c = new GuestCode(16);
        // three byte writes into the zone, a write outside it, then a read (an exit)
        c.movAl(0x11).storeEs(1, 0x100).movAl(0x22).storeEs(1, 0x101).movAl(0x33).storeEs(1, 0x102);
        c.loadEs(4, 0x0).hlt();
        ram.write(CODE, c.bytes());
        Vcpu v = realModeVcpu(0, CODE, (int) (REAL_MMIO >>> 4));
        AtomicReference<VmExit> last = new AtomicReference<>();
        List<VmExit> exits = Collections.synchronizedList(new ArrayList<>());
        VcpuRunner r = new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio(), vm.coalescedRing(v).orElseThrow()),
                (vcpu, exit) -> {
                    exits.add(exit);
                    last.set(exit);
                    return ExitPolicy.standard().onExit(vcpu, exit);
                });
        r.start();
        assertTrue(r.awaitStop(60, TimeUnit.SECONDS), "guest did not finish within 60 s");
        assertInstanceOf(HaltExit.class, last.get());
        assertEquals(List.of("mw 100 1 11", "mw 101 1 22", "mw 102 1 33", "mr 0 4"), log,
                "the coalesced writes reach the device, in order, before the read that exits");
        assertEquals(2, exits.size(), "only the read and the HLT exit: " + exits);
    }

    @Test
    void longModePortIoAndMmioOfEverySize() throws Exception {
        newVm(false);
        registerTestDevices(LONG_MMIO);
        // identity map of the first 4 GiB with 2 MiB pages: PML4 at 0x10000, PDPT at 0x11000, PDs at 0x12000..
        ram.write64(0x10000, 0x11000 | 3);
        for (int i = 0; i < 4; i++) {
            ram.write64(0x11000 + i * 8L, (0x12000 + i * 0x1000L) | 3);
            for (int j = 0; j < 512; j++) {
                ram.write64(0x12000 + i * 0x1000L + j * 8L, ((long) i << 30) + ((long) j << 21) | 0x83);
            }
        }
        GuestCode c = new GuestCode(64);
        for (int size : new int[] {1, 2, 4}) {
            c.movDx(DATA_PORT).inDx(size).movDx(ECHO_PORT).outDx(size);
        }
        c.movRbx(LONG_MMIO);
        int[] offs = {0, 2, 4, 8};
        int[] sizes = {1, 2, 4, 8};
        for (int i = 0; i < 4; i++) {
            c.loadRbx(sizes[i], offs[i]).storeRbx(sizes[i], 0x40 + offs[i]);
        }
        c.hlt();
        ram.write(CODE, c.bytes());
        Vcpu v = vm.createVcpu(0);
        v.setCpuid(kvm.supportedCpuid());
        v.setSregs(v.getSregs().longMode(0x10000, 0x8, 0x10));
        v.setRegs(Regs.at(CODE, STACK));
        assertEquals(0x12345678L, v.translate(0x12345678L), "KVM_TRANSLATE through the identity map");
        assertEquals(-1L, v.translate(5L << 32), "nothing is mapped above 4 GiB");

        VmExit last = runToEnd(vm, v, ExitPolicy.standard());

        assertInstanceOf(HaltExit.class, last);
        assertEquals(List.of("in 1", "echo 1 a5", "in 2", "echo 2 beef", "in 4", "echo 4 cafef00d",
                "mr 0 1", "mw 40 1 5a", "mr 2 2", "mw 42 2 1234", "mr 4 4", "mw 44 4 89abcdef",
                "mr 8 8", "mw 48 8 123456789abcdef"), log);
        assertTrue((v.getSregs().efer() & Sregs.EFER_LMA) != 0, "guest left long mode");
    }

    @Test
    void apmWriteRaisesKvmSmiIntoTheSmramHandlerInAddressSpaceOne() throws Exception {
        assumeTrue(kvm.checkExtension(KvmCap.X86_SMM) > 0, "KVM without SMM support");
        assumeTrue(kvm.checkExtension(KvmCap.MULTI_ADDRESS_SPACE) >= 2, "KVM without the SMM address space");
        newVm(false);
        long smbase = 0x30000;
        GuestMemory smram = GuestMemory.allocate(smbase, 0x10000);
        try {
            vm.mapSmm(0, smram);
            smram.write(smbase + 0x8000, new GuestCode(16).movAl(0x5A).outImm(0x32).rsm().bytes());
            Map<Integer, Boolean> smmAt = new ConcurrentHashMap<>();
            AtomicReference<VcpuEvents> eventsInSmm = new AtomicReference<>();
            ApmPort.SmiHandler inject = ApmPort.injectingSmi();
            ApmPort.register(vm.pio(), (cmd, status) -> {
                smmAt.put(ApmPort.CONTROL_PORT, VcpuRunner.current().inSmm());
                return inject.onSmi(cmd, status);
            });
            vm.pio().register("in-smm", 0x32, 1, (o, s) -> -1, (o, s, val) -> {
                smmAt.put(0x32, VcpuRunner.current().inSmm());
                eventsInSmm.set(VcpuRunner.current().getEvents());
                log.add(String.format("smm %x", val));
            });
            vm.pio().register("after", 0x31, 1, (o, s) -> -1, (o, s, val) -> {
                smmAt.put(0x31, VcpuRunner.current().inSmm());
                log.add(String.format("after %x", val));
            });
            GuestCode c = new GuestCode(16).movAl(1).outImm(ApmPort.CONTROL_PORT).movAl(2).outImm(0x31).hlt();
            ram.write(CODE, c.bytes());
            Vcpu v = realModeVcpu(0, CODE, 0);

            VmExit last = runToEnd(vm, v, ExitPolicy.standard());

            assertInstanceOf(HaltExit.class, last);
            assertEquals(List.of("smm 5a", "after 2"), log);
            assertEquals(Map.of(ApmPort.CONTROL_PORT, false, 0x32, true, 0x31, false), smmAt);
            assertTrue(eventsInSmm.get().smi().smm(), "KVM_GET_VCPU_EVENTS did not report SMM");
            assertEquals(0, ram.read8(smbase + 0x8000), "the handler must live only in the SMM address space");
        } finally {
            vm.close();
            vm = null;
            smram.close();
        }
    }

    @Test
    void picInterruptFromIrqLineReachesTheGuestHandler() throws Exception {
        newVm(true);
        int vector = 0x08 + 3;
        int handler = 0x1100;
        ram.write16(vector * 4L, handler);
        ram.write16(vector * 4L + 2, 0);
        GuestCode c = new GuestCode(16)
                .movAl(0x11).outImm(0x20).movAl(0x08).outImm(0x21).movAl(0x04).outImm(0x21)
                .movAl(0x01).outImm(0x21).movAl(0xF7).outImm(0x21).sti().movAl(1).outImm(0x33);
        int loop = c.here();
        c.hlt().jmp(loop);
        ram.write(CODE, c.bytes());
        ram.write(handler, new GuestCode(16).movAl(0x77).outImm(0x34).movAl(0x20).outImm(0x20).iret().bytes());
        var line = vm.irqLine(3);
        AtomicInteger interrupts = new AtomicInteger();
        vm.pio().register("ready", 0x33, 1, (o, s) -> -1, (o, s, val) -> {
            log.add("ready");
            line.pulse();
        });
        vm.pio().register("irq-seen", 0x34, 1, (o, s) -> -1, (o, s, val) -> {
            int n = interrupts.incrementAndGet();
            log.add(String.format("irq %d %x", n, val));
            if (n == 1) {
                line.assertLine();
            } else {
                line.deassertLine();
            }
        });
        Vcpu v = realModeVcpu(0, CODE, 0);
        VmExit last = runToEnd(vm, v, (vcpu, exit) -> interrupts.get() >= 2
                ? ExitPolicy.Action.STOP : ExitPolicy.standard().onExit(vcpu, exit));

        assertEquals(List.of("ready", "irq 1 77", "irq 2 77"), log);
        assertFalse(last instanceof HaltExit, "HLT is handled in the kernel with an in-kernel irqchip");
    }

    @Test
    void twoVcpusRunAtOnce() throws Exception {
        newVm(false);
        int rounds = 200;
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<String> wrongThread = Collections.synchronizedList(new ArrayList<>());
        vm.pio().register("count", 0x40, 1, (o, s) -> -1, (o, s, val) -> {
            counts.computeIfAbsent((int) val, k -> new AtomicInteger()).incrementAndGet();
            if (VcpuRunner.current().id() != val) {
                wrongThread.add("vCPU " + VcpuRunner.current().id() + " wrote " + val);
            }
        });
        List<VcpuRunner> runners = new ArrayList<>();
        List<AtomicReference<VmExit>> lasts = new ArrayList<>();
        for (int id = 0; id < 2; id++) {
            int at = CODE + id * 0x100;
            GuestCode c = new GuestCode(16).movCx(rounds);
            int top = c.here();
            c.movAl(id).outImm(0x40).loop(top).hlt();
            ram.write(at, c.bytes());
            Vcpu v = realModeVcpu(id, at, 0);
            AtomicReference<VmExit> last = new AtomicReference<>();
            lasts.add(last);
            runners.add(new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio()), (vcpu, exit) -> {
                last.set(exit);
                return ExitPolicy.standard().onExit(vcpu, exit);
            }));
        }
        runners.forEach(VcpuRunner::start);
        for (VcpuRunner r : runners) {
            assertTrue(r.awaitStop(60, TimeUnit.SECONDS));
            assertTrue(r.failure().isEmpty());
        }
        assertEquals(rounds, counts.get(0).get());
        assertEquals(rounds, counts.get(1).get());
        assertEquals(List.of(), wrongThread);
        for (AtomicReference<VmExit> last : lasts) {
            assertInstanceOf(HaltExit.class, last.get());
        }
    }

    @Test
    void pauseKicksASpinningGuestAndResetRestartsIt() throws Exception {
        newVm(false);
        CountDownLatch started = new CountDownLatch(1);
        vm.pio().register("mark", 0x41, 1, (o, s) -> -1, (o, s, val) -> {
            log.add(String.format("mark %x", val));
            started.countDown();
        });
        GuestCode spin = new GuestCode(16).movAl(1).outImm(0x41);
        int self = spin.here();
        spin.jmp(self);
        ram.write(CODE, spin.bytes());
        ram.write(0x1200, new GuestCode(16).movAl(0x99).outImm(0x41).hlt().bytes());
        Vcpu v = realModeVcpu(0, CODE, 0);
        VcpuRunner r = new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio()), ExitPolicy.standard());
        r.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        r.pause();
        assertEquals(VcpuRunner.State.PAUSED, r.state());
        assertEquals(CODE + self, v.getRegs().rip(), "paused inside the spin loop");
        r.setResetState(Regs.at(0x1200, STACK), v.getSregs());
        r.reset();
        r.resume();
        assertTrue(r.awaitStop(30, TimeUnit.SECONDS));
        assertEquals(List.of("mark 1", "mark 99"), log);
    }

    @Test
    void pauseKicksAVcpuHaltedInTheKernel() throws Exception {
        newVm(true);
        CountDownLatch started = new CountDownLatch(1);
        vm.pio().register("mark", 0x41, 1, (o, s) -> -1, (o, s, val) -> started.countDown());
        // interrupts off, then HLT: with the in-kernel LAPIC the vCPU sleeps inside KVM_RUN for good
        ram.write(CODE, new GuestCode(16).raw(0xFA).movAl(1).outImm(0x41).hlt().bytes());
        Vcpu v = realModeVcpu(0, CODE, 0);
        VcpuRunner r = new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio()), ExitPolicy.standard());
        r.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(50);
        r.pause();
        assertEquals(VcpuRunner.State.PAUSED, r.state());
        r.resume();
        r.stop();
        assertEquals(VcpuRunner.State.STOPPED, r.state());
        assertTrue(r.failure().isEmpty());
    }

    @Test
    void registerFpuMsrAndEventStateRoundTrips() {
        newVm(false);
        Vcpu v = vm.createVcpu(0);
        Regs regs = Regs.at(0x1234, 0x5678).withAbcd(1, 2, 3, 4);
        v.setRegs(regs);
        assertEquals(regs, v.getRegs());
        Sregs s = v.getSregs().realMode(0x100, 0x200);
        v.setSregs(s);
        assertEquals(0x1000, v.getSregs().cs().base());
        assertEquals(0x200, v.getSregs().ds().selector());
        Fpu f = v.getFpu();
        byte[] xmm = f.xmm();
        for (int i = 0; i < 16; i++) {
            xmm[16 + i] = (byte) (0xA0 + i);
        }
        v.setFpu(new Fpu(f.fpr(), 0x27F, f.fsw(), f.ftwx(), f.lastOpcode(), f.lastIp(), f.lastDp(), xmm, f.mxcsr()));
        assertEquals(0x27F, v.getFpu().fcw());
        assertEquals((byte) 0xAF, v.getFpu().xmm(1)[15]);
        int sysenterCs = 0x174;
        assertEquals(1, v.setMsrs(List.of(new MsrEntry(sysenterCs, 0x10))));
        assertEquals(List.of(new MsrEntry(sysenterCs, 0x10)), v.getMsrs(sysenterCs));
        VcpuEvents e = v.getEvents();
        v.setEvents(e);
        assertEquals(e.smi().smm(), v.getEvents().smi().smm());
        assertFalse(v.inSmm());
    }
}
