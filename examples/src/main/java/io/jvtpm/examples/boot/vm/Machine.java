package io.jvtpm.examples.boot.vm;

import io.jvtpm.acpi.table.AcpiImage;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.image.BootKernel;
import io.jvtpm.examples.boot.image.KernelCache;
import io.jvtpm.examples.boot.layout.BootParams;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.legacy.AcpiPm1Block;
import io.jvtpm.examples.boot.legacy.AcpiPmTimer;
import io.jvtpm.examples.boot.legacy.CmosRtc;
import io.jvtpm.examples.boot.legacy.KeyboardControllerReset;
import io.jvtpm.examples.boot.legacy.PlatformEvents;
import io.jvtpm.examples.boot.legacy.PortDevice;
import io.jvtpm.examples.boot.legacy.PostCodePort;
import io.jvtpm.examples.boot.legacy.ResetCause;
import io.jvtpm.examples.boot.legacy.ResetControl;
import io.jvtpm.examples.boot.legacy.Serial8250;
import io.jvtpm.examples.boot.measure.DigestCache;
import io.jvtpm.examples.boot.measure.EventLog;
import io.jvtpm.examples.boot.measure.MeasurementException;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.KvmException;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.exit.HaltExit;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.exit.InterruptedExit;
import io.jvtpm.kvm.exit.IoExit;
import io.jvtpm.kvm.exit.MmioExit;
import io.jvtpm.kvm.exit.SystemEventExit;
import io.jvtpm.kvm.vcpu.CpuidEntry;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import io.jvtpm.kvm.vcpu.ExitPolicy;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vcpu.VcpuRunner;
import io.jvtpm.kvm.vm.Vm;
import io.jvtpm.ppi.exec.PlatformHierarchyException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One power-on cycle of the guest: a fresh KVM VM (linux/kvm.h: in-kernel irqchip and PIT2, RAM
 * slots, the PPI page slot), the kernel, initrd, command line, zero page, GDT, page tables and
 * ACPI tables loaded by the Linux x86 boot protocol, the measured boot, the devices on the buses,
 * and the vCPUs run until the guest powers off, resets or fails.
 */
public final class Machine implements PlatformEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Machine.class);

    /** How a cycle ended. */
    public enum Outcome {
        /** The guest powered off (S5, or KVM's shutdown event). */
        POWER_OFF,
        /** The host powered the guest off ({@link #hardPowerOff()}), without the guest's part. */
        HARD_POWER_OFF,
        RESET,
        FAILED
    }

    public static final String LAUNCHER_VERSION = "jvtpm 0.1.0";
    /** KVM's TSS and identity-map pages (Intel), in the MMIO hole below the BIOS ROM as QEMU puts them. */
    public static final long TSS_ADDRESS = 0xFEFFD000L;
    public static final long IDENTITY_MAP_ADDRESS = 0xFEFFC000L;
    public static final int PIT_SPEAKER_DUMMY = 1;
    private static final long REPORT_INTERVAL_NANOS = 5_000_000_000L;

    private final MachineOptions options;
    private final BootKernel kernel;
    private final byte[] initrd;
    private final GuestMemoryLayout layout;
    private final GuestRam ram;
    private final GuestMemory tpmPages;
    private final CompletableFuture<TpmStack> tpm;
    private final DigestCache digests;
    private final Executor background;
    private final Kvm kvm;
    private final List<CpuidEntry> supportedCpuid;
    private final ConsoleInput console;
    private final OutputStream serialOut;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile BootException tpmFailure;
    private volatile AcpiPm1Block pm1;

    /**
     * A cycle of a guest with, unless {@code tpm} is null, the TPM that {@code tpm} brings up (its
     * PPI page and CRB buffer in {@code tpmPages}); the cycle measures the boot into it on {@code background},
     * with digests kept in {@code digests}, while the vCPUs already run.
     */
    public Machine(MachineOptions options, BootKernel kernel, byte[] initrd, GuestMemoryLayout layout, GuestRam ram,
            GuestMemory tpmPages, CompletableFuture<TpmStack> tpm, DigestCache digests, Executor background,
            Kvm kvm, List<CpuidEntry> supportedCpuid, ConsoleInput console, OutputStream serialOut) {
        this.options = options;
        this.kernel = kernel;
        this.initrd = initrd;
        this.layout = layout;
        this.ram = ram;
        this.tpmPages = tpmPages;
        this.tpm = tpm;
        this.digests = digests;
        this.background = background;
        this.kvm = kvm;
        this.supportedCpuid = supportedCpuid;
        this.console = console;
        this.serialOut = serialOut;
    }

    @Override
    public void reset(ResetCause cause) {
        reset(cause, null);
    }

    /** Logs "guest reset: CAUSE" at INFO, with " (SOURCE)" where the exit tells more; ends this boot. */
    @Override
    public void reset(ResetCause cause, String source) {
        LOG.info("guest reset: {}{}", cause, source == null ? "" : " (" + source + ")");
        outcome.complete(Outcome.RESET);
    }

    /** What a vCPU ran when it triple-faulted: RIP, RSP and StuckVcpu's control registers, event and code bytes. */
    private String tripleFaultState(Vcpu vcpu) {
        try {
            var r = vcpu.getRegs();
            return vcpu + ": RIP 0x" + Long.toHexString(r.rip()) + ", RSP 0x" + Long.toHexString(r.rsp()) + ", "
                    + StuckVcpu.describe(vcpu, r, ram);
        } catch (KvmException e) {
            return vcpu + ": registers unreadable: " + e.getMessage();
        }
    }

    @Override
    public void powerOff() {
        LOG.debug("guest powered off");
        outcome.complete(Outcome.POWER_OFF);
    }

    /**
     * Presses the ACPI fixed power button (PM1 PWRBTN_STS, the SCI): the guest's ACPI driver
     * then shuts the guest down and powers off.
     *
     * @return false when the devices are not on the bus yet (the cycle has not started)
     */
    public boolean pressPowerButton() {
        AcpiPm1Block p = pm1;
        if (p == null) {
            return false;
        }
        p.pressPowerButton();
        return true;
    }

    /** The host powers the guest off at once, as pulling the plug: the cycle ends with {@link Outcome#HARD_POWER_OFF}. */
    public void hardPowerOff() {
        outcome.complete(Outcome.HARD_POWER_OFF);
    }

    /** Why the TPM could not be opened or this boot measured (the cycle then failed), if so. */
    public Optional<BootException> tpmFailure() {
        return Optional.ofNullable(tpmFailure);
    }

    /** Runs the guest until it powers off, resets or fails. */
    public Outcome run() throws BootException, InterruptedException {
        try (Vm vm = kvm.createVm()) {
            configure(vm);
            KernelEntry entry = loadGuest();
            // The TPM comes up and the boot is measured beside the kernel's decompressor; the TPM's
            // registers hold the guest's first access until then.
            CompletableFuture<TpmStack> measured = tpm == null ? null : startMeasuring();
            attachDevices(vm, measured);
            List<VcpuRunner> runners = createVcpus(vm, entry);
            runners.forEach(VcpuRunner::start);
            Outcome result = awaitOutcome(runners.get(0));
            for (VcpuRunner r : runners) {
                r.stop();
            }
            console.connect(null);
            if (measured != null) {
                handOverCoalescedWrites(vm, measured);
            }
            return result;
        }
    }

    /** The in-kernel irqchip and PIT2, KVM's TSS and identity-map pages, the RAM slots and the TPM pages' slot. */
    private void configure(Vm vm) {
        vm.setTssAddress(TSS_ADDRESS);
        vm.setIdentityMapAddress(IDENTITY_MAP_ADDRESS);
        vm.createIrqchip();
        vm.createPit2(PIT_SPEAKER_DUMMY);
        int slot = 0;
        for (var region : ram.regions()) {
            vm.map(slot++, region);
        }
        if (tpmPages != null) {
            vm.map(slot, tpmPages);
        }
    }

    /** Loads the kernel, initrd and ACPI tables into guest RAM and answers where the kernel starts. */
    private KernelEntry loadGuest() throws BootException {
        long loadStart = System.nanoTime();
        KernelEntry entry = load();
        ram.markInUse();
        LOG.info("kernel, initrd and ACPI tables loaded in {} ms", (System.nanoTime() - loadStart) / 1_000_000);
        return entry;
    }

    /** Brings the TPM up and measures this boot on {@code background}; a failure ends the cycle as FAILED. */
    private CompletableFuture<TpmStack> startMeasuring() {
        CompletableFuture<TpmStack> measured = tpm.thenApplyAsync(this::measure, background);
        measured.whenComplete((stack, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                tpmFailure = cause instanceof BootException b ? b
                        : new BootException("the TPM could not be started: " + cause, cause);
                outcome.complete(Outcome.FAILED);
            }
        });
        return measured;
    }

    /** The vCPUs, each set up for the boot and with its exit dispatcher; vCPU 0 enters the kernel. */
    private List<VcpuRunner> createVcpus(Vm vm, KernelEntry entry) {
        List<VcpuRunner> runners = new ArrayList<>();
        ExitPolicy policy = this::onExit;
        for (int i = 0; i < options.cpus(); i++) {
            Vcpu v = vm.createVcpu(i);
            BootVcpu.configure(v, supportedCpuid, options.cpus());
            if (i == 0) {
                BootVcpu.enterKernel(v, entry.address(), entry.fiveLevel());
            }
            runners.add(new VcpuRunner(v, new ExitDispatcher(vm.mmio(), vm.pio(), vm.coalescedRing(v).orElse(null)),
                    policy));
        }
        return runners;
    }

    /** Waits for this boot's measurements, then adds the VM's coalesced MMIO writes to the TPM stack's count. */
    private static void handOverCoalescedWrites(Vm vm, CompletableFuture<TpmStack> measured) {
        // a reset or power-off comes after this boot's measurements, never during them
        TpmStack stack = measured.handle((s, failure) -> s).join();
        if (stack != null) {
            stack.addCoalescedWrites(vm.coalescedWrites());
        }
    }

    private Outcome awaitOutcome(VcpuRunner bsp) throws InterruptedException {
        long nextReport = System.nanoTime() + REPORT_INTERVAL_NANOS;
        long exitsAtReport = -1;
        boolean stuckReported = false;
        while (true) {
            try {
                return outcome.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (LOG.isDebugEnabled() && System.nanoTime() > nextReport && bsp.state() == VcpuRunner.State.RUNNING) {
                    nextReport = System.nanoTime() + REPORT_INTERVAL_NANOS;
                    bsp.pause();
                    try {
                        var r = bsp.vcpu().getRegs();
                        long exits = bsp.exitCount();
                        LOG.debug("vCPU 0: {} exits, RIP 0x{}, RSP 0x{}", exits, Long.toHexString(r.rip()),
                                Long.toHexString(r.rsp()));
                        // no exit but the report's own pause since the last report: the guest spins
                        boolean stuck = exitsAtReport >= 0 && exits - exitsAtReport <= 1;
                        if (stuck && !stuckReported) {
                            LOG.debug("vCPU 0 made no exit for {} s: {}", REPORT_INTERVAL_NANOS / 1_000_000_000L,
                                    StuckVcpu.describe(bsp.vcpu(), r, ram));
                        }
                        stuckReported = stuck;
                        exitsAtReport = exits;
                    } finally {
                        bsp.resume();
                    }
                }
                if (bsp.state() == VcpuRunner.State.STOPPED) {
                    if (outcome.isDone()) {
                        continue;
                    }
                    bsp.failure().ifPresent(f -> LOG.error("vCPU 0 failed: {}", f.toString()));
                    return Outcome.FAILED;
                }
            } catch (ExecutionException e) {
                return Outcome.FAILED;
            }
        }
    }

    private ExitPolicy.Action onExit(Vcpu vcpu, io.jvtpm.kvm.exit.VmExit exit) {
        if (outcome.isDone()) {
            // the guest wrote a reset or power-off (or the boot failed): as on hardware, no vCPU
            // runs another guest instruction; one that did could reach the kernel's next reboot
            // method (a deliberate triple fault) and be logged as a second, unasked reset
            return ExitPolicy.Action.STOP;
        }
        if (exit instanceof IoExit || exit instanceof MmioExit || exit instanceof InterruptedExit
                || exit instanceof HaltExit) {
            return ExitPolicy.Action.CONTINUE;
        }
        if (PlatformExits.report(exit, this, () -> tripleFaultState(vcpu))) {
            return ExitPolicy.Action.STOP;
        }
        if (exit instanceof SystemEventExit se) {
            LOG.error("{}: system event {}", vcpu, se);
            outcome.complete(Outcome.FAILED);
            return ExitPolicy.Action.STOP;
        }
        ExitPolicy.Action a = ExitPolicy.standard().onExit(vcpu, exit);
        if (a == ExitPolicy.Action.STOP) {
            outcome.complete(Outcome.FAILED);
        }
        return a;
    }

    /** Loads everything the boot protocol places and returns how the kernel is entered. */
    private KernelEntry load() throws BootException {
        KernelEntry entry = loadKernel();
        if (initrd.length > 0) {
            ram.write(layout.initrdAddress(), initrd);
        }
        byte[] cmdline = (options.append() + "\0").getBytes(StandardCharsets.UTF_8);
        ram.write(layout.cmdlineAddress(), cmdline);
        ram.write(GuestMemoryLayout.GDT_ADDRESS, BootPageTables.gdt());
        ram.write(GuestMemoryLayout.PML4_ADDRESS, BootPageTables.pageTables());
        ram.write(GuestMemoryLayout.PML5_ADDRESS, BootPageTables.pml5());
        placeAcpiTables(ram, layout, options);
        ram.write(GuestMemoryLayout.BOOT_PARAMS_ADDRESS, BootParams.build(kernel.image(), layout, AcpiTables.rsdpAddress()));
        // an empty log area (the last boot's log is gone) until this boot's measurements fill it
        ram.write(layout.eventLogAddress(), new byte[(int) layout.eventLogSize()]);
        return entry;
    }

    /**
     * Writes the guest's ACPI tables ({@link AcpiTables} for {@code options}) into {@code ram}:
     * the tables in the layout's ACPI area, the RSDP in the BIOS area.
     */
    static void placeAcpiTables(GuestRam ram, GuestMemoryLayout layout, MachineOptions options) {
        AcpiImage acpi = AcpiTables.build(layout, options.cpus(), options.tpm(), options.ppi());
        ram.write(acpi.base(), acpi.image());
        ram.write(AcpiTables.rsdpAddress(), acpi.rsdpBytes());
    }

    /**
     * The decompressed kernel from the cache where there is one that fits the kernel's place
     * (load address to load address + init_size), entered at its ELF entry with the paging the
     * decompressor would leave (5-level where the CPU offers LA57); else the bzImage's protected-mode
     * kernel, entered at load address + 0x200, whose decompressor runs in the guest.
     */
    private KernelEntry loadKernel() {
        if (kernel.vmlinux().isPresent()) {
            KernelCache.Entry v = kernel.vmlinux().get();
            long start = layout.kernelAddress();
            long end = start + layout.kernelFootprint();
            if (v.elf().lowestAddress() >= start && v.elf().end() <= end) {
                try {
                    long t = System.nanoTime();
                    v.load(ram::buffer, ram.zeroed());
                    LOG.info("boot: the decompressed kernel loaded in {} ms (no KASLR: that is the decompressor's work)",
                            (System.nanoTime() - t) / 1_000_000);
                    // the paging the decompressor would have left: 5-level where the CPU offers it
                    return new KernelEntry(v.elf().entry(), GuestCpuid.offersLa57(supportedCpuid));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("kernel cache: cannot load {} ({}); booting the bzImage", v.file(), e.getMessage());
                }
            } else {
                LOG.warn("kernel cache: {} spans 0x{}-0x{}, outside the kernel's 0x{}-0x{}; booting the bzImage", v.file(),
                        Long.toHexString(v.elf().lowestAddress()), Long.toHexString(v.elf().end()), Long.toHexString(start),
                        Long.toHexString(end));
            }
        }
        ram.write(layout.kernelAddress(), kernel.image().protectedModeKernel());
        return new KernelEntry(layout.entry64(), false);
    }

    /** Where the boot processor starts, and whether with 5-level paging (else 4-level). */
    private record KernelEntry(long address, boolean fiveLevel) {
    }

    /**
     * The measured direct boot into {@code stack}'s TPM, its event log written at the TPM2
     * table's log area, then the platform hierarchy closed ({@link TpmStack#bootSequence}); runs
     * before any guest access reaches the TPM.
     */
    private TpmStack measure(TpmStack stack) {
        long start = System.nanoTime();
        try {
            EventLog log = stack.bootSequence((int) layout.eventLogSize(), digests, mb -> {
                // where there are cores beyond this thread's and the vCPUs', the banks are hashed side by side
                if (Runtime.getRuntime().availableProcessors() > options.cpus() + 1) {
                    digests.prefetch(kernel.image().fileBytes(), mb.log().banks(), ForkJoinPool.commonPool());
                    digests.prefetch(initrd, mb.log().banks(), ForkJoinPool.commonPool());
                }
                mb.measureDirectBoot(LAUNCHER_VERSION, kernel.image().fileBytes(), options.append(), initrd);
            });
            ram.write(layout.eventLogAddress(), log.area());
        } catch (MeasurementException | RuntimeException e) {
            throw new CompletionException(new BootException("measured boot failed: " + e.getMessage(), e));
        } catch (PlatformHierarchyException e) {
            throw new CompletionException(new BootException(e.getMessage(), e));
        }
        LOG.info("kernel, initrd and command line measured in {} ms; platform hierarchy closed",
                (System.nanoTime() - start) / 1_000_000);
        return stack;
    }

    private void attachDevices(Vm vm, CompletableFuture<TpmStack> measured) {
        PioBus pio = vm.pio();
        Serial8250 com1 = new Serial8250(Serial8250.COM1, serialOut, vm.irqLine(Serial8250.COM1_IRQ)::set);
        register(pio, "com1", com1);
        console.connect(com1);
        KeyboardControllerReset kbc = new KeyboardControllerReset(this);
        pio.register("i8042-data", KeyboardControllerReset.BASE, 1,
                (o, s) -> kbc.read(KeyboardControllerReset.DATA, s), (o, s, v) -> kbc.write(KeyboardControllerReset.DATA, s, v));
        pio.register("i8042-status", KeyboardControllerReset.BASE + KeyboardControllerReset.STATUS_COMMAND, 1,
                (o, s) -> kbc.read(KeyboardControllerReset.STATUS_COMMAND, s),
                (o, s, v) -> kbc.write(KeyboardControllerReset.STATUS_COMMAND, s, v));
        register(pio, "reset-control", new ResetControl(this));
        // the SCI: ISA IRQ 9, level-triggered (the MADT's interrupt source override), on the in-kernel PIC and IOAPIC
        AcpiPm1Block pm = new AcpiPm1Block(AcpiPm1Block.DEFAULT_BASE, AcpiTables.S5_SLEEP_TYPE, this,
                vm.irqLine(AcpiTables.SCI_IRQ)::set);
        register(pio, "acpi-pm1", pm);
        pm1 = pm;
        register(pio, "acpi-pm-timer", new AcpiPmTimer(AcpiPmTimer.DEFAULT_PORT, System::nanoTime));
        register(pio, "cmos-rtc", new CmosRtc(Clock.systemUTC()));
        register(pio, "post", new PostCodePort());
        if (measured != null) {
            TpmStack.attach(vm.mmio(), pio, options.tpm(), options.ppi(), measured);
            TpmInterfaceChoice.coalesceWrites(vm, options.tpm());
        }
    }

    private static void register(PioBus pio, String name, PortDevice d) {
        pio.register(name, d.basePort(), d.portCount(), d::read, d::write);
    }
}
