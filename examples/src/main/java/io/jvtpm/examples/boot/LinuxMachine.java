package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.image.BootKernel;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.measure.DigestCache;
import io.jvtpm.examples.boot.vm.ConsoleInput;
import io.jvtpm.examples.boot.vm.GuestCpuid;
import io.jvtpm.examples.boot.vm.GuestRam;
import io.jvtpm.examples.boot.vm.Machine;
import io.jvtpm.examples.boot.vm.TpmStack;
import io.jvtpm.kvm.HostThreads;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.vcpu.CpuidEntry;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.policy.PpiPolicy;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux guest under KVM booted by the 64-bit Linux x86 boot protocol (boot.rst) with jvtpm's
 * TPM, for a Java KVM host launcher to link: {@link #builder()} takes the options
 * ({@link MachineOptions}) and the serial console's streams, {@link #run()} boots the guest
 * until it powers off. A guest reset, whatever its cause, runs _TPM_Init, the MOR memory clear
 * (TCG Platform Reset Attack Mitigation) and the PPI executor (TCG PPI 1.3) and boots again,
 * measured, with the platform hierarchy closed. From another thread {@link #shutdown()} presses
 * the guest's ACPI power button (the guest powers off orderly, its kernel sending
 * TPM2_Shutdown) and powers it off hard after {@link MachineOptions#powerButtonTimeout()};
 * {@link #powerOffNow()} powers it off hard at once.
 *
 * <pre>{@code
 * LinuxMachine.Ending end = LinuxMachine.builder()
 *         .kernel(Path.of("bzImage")).initrd(Path.of("initrd.img"))
 *         .tpm(TpmInterface.CRB).memory(1L << 30)
 *         .build().run();
 * }</pre>
 */
public final class LinuxMachine {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxMachine.class);
    private static final int BACKGROUND_NICE = 10;
    private static final long BACKGROUND_STOP_WAIT_SECONDS = 5;

    /** How a run ended. */
    public enum Ending {
        /** The guest powered off (ACPI S5). */
        POWERED_OFF,
        /** The guest or KVM stopped on an error; the log says which. */
        GUEST_FAILED,
        /** The host powered the guest off without the guest's part (power button timeout, {@link #powerOffNow()}). */
        HARD_POWER_OFF
    }

    private final MachineOptions options;
    private final InputStream consoleIn;
    private final OutputStream consoleOut;
    /** The cycle that runs now, for the power controls. */
    private volatile Machine current;
    private final Object powerControl = new Object();
    private Thread shutdownWatch;
    private volatile boolean hardOffRequested;
    /** Set when {@link #run()} has returned. */
    private volatile boolean finished;

    private LinuxMachine(MachineOptions options, InputStream consoleIn, OutputStream consoleOut) {
        this.options = options;
        this.consoleIn = consoleIn;
        this.consoleOut = consoleOut;
    }

    /** A builder with the defaults of {@code jvtpm boot}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options this machine boots with. */
    public MachineOptions options() {
        return options;
    }

    /**
     * Presses the guest's ACPI power button (the FADT's fixed power button: PM1 PWRBTN_STS and the
     * SCI), as a host asks a guest to shut down; again after a reset the guest goes through
     * meanwhile. A guest that has not powered off {@link MachineOptions#powerButtonTimeout()}
     * later is powered off hard, said in one WARN line, and {@link #run()} ends with
     * {@link Ending#HARD_POWER_OFF}. A second call does nothing more.
     */
    public void shutdown() {
        synchronized (powerControl) {
            if (shutdownWatch != null) {
                return;
            }
            LOG.info("ACPI power button pressed: the guest has {} s to power off",
                    PowerButtonWatch.seconds(options.powerButtonTimeout()));
            shutdownWatch = new Thread(new PowerButtonWatch<>(() -> current, Machine::pressPowerButton,
                    () -> !finished && !hardOffRequested, this::hardOff, options.powerButtonTimeout()), "jvtpm-power-button");
            shutdownWatch.setDaemon(true);
            shutdownWatch.start();
        }
    }

    /** Powers the guest off hard at once, without its part (as pulling the plug); {@link #run()} then ends with {@link Ending#HARD_POWER_OFF}. */
    public void powerOffNow() {
        LOG.warn("powering the guest off hard at the host's request");
        hardOff();
    }

    private void hardOff() {
        hardOffRequested = true;
        Machine m = current;
        if (m != null) {
            m.hardPowerOff();
        }
    }

    /**
     * Boots the guest, again after each reset, until it powers off or fails.
     *
     * @throws BootException when the launch cannot go ahead (a file, a size, no KVM) or the TPM
     *         could not be started; the message is one line
     */
    public Ending run() throws BootException, InterruptedException {
        long launchNanos = launchNanos();
        // Work off the path to the guest's first instruction: the KVM_RUN binding warms up, then
        // the TPM is opened and each boot measured while the vCPUs already run.
        // The thread runs niced: where cores are few it takes what the vCPUs and the loading leave.
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                HostThreads.niceCurrentThread(BACKGROUND_NICE);
                r.run();
            }, "jvtpm-tpm-bringup");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(launchNanos, background);
        } finally {
            finished = true;
            background.shutdownNow();
            // a launch that fails must not exit while that thread still loads the native
            // bindings: JNA's class initialization fails in a JVM shutting down
            background.awaitTermination(BACKGROUND_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("try") // KernelSource.close() may throw InterruptedException, as this method does
    private Ending run(long launchNanos, ExecutorService background) throws BootException, InterruptedException {
        MachineOptions o = options;
        BzImage bzImage = BzImage.load(o.kernel());
        byte[] initrd = o.initrd().isPresent() ? readInitrd(o.initrd().get()) : new byte[0];
        GuestMemoryLayout layout = GuestMemoryLayout.plan(o.memoryBytes(), bzImage, initrd.length,
                o.append().getBytes(StandardCharsets.UTF_8).length);
        if (!Kvm.available()) {
            throw new BootException("no usable " + Kvm.DEVICE + ": KVM is not available here"
                    + " (scripts/nested-kvm.sh -- COMMAND runs a command where it is)");
        }
        // the launch goes ahead: the thread starts, and binds KVM_RUN while the kernel loads
        background.execute(Kvm::prepareRunPath);
        try (KernelSource source = KernelSource.open(o.kernelCache(), bzImage)) {
            return run(source.kernel(), initrd, layout, launchNanos, background);
        }
    }

    private Ending run(BootKernel kernel, byte[] initrd, GuestMemoryLayout layout, long launchNanos,
            ExecutorService background) throws BootException, InterruptedException {
        ConsoleInput console = new ConsoleInput(consoleIn);
        DigestCache digests = new DigestCache();
        boolean withTpm = options.tpm() != TpmInterface.NONE;
        try (Kvm kvm = Kvm.open(); GuestRam ram = GuestRam.allocate(layout.ramRegions());
                GuestMemory tpmPages = withTpm ? TpmStack.allocateTpmPages() : null) {
            CompletableFuture<TpmStack> tpm = !withTpm ? null : CompletableFuture.supplyAsync(() -> {
                try {
                    return TpmStack.open(options, console, consoleOut, ram, launchNanos, tpmPages);
                } catch (BootException e) {
                    throw new CompletionException(e);
                }
            }, background);
            try {
                return cycles(kernel, initrd, layout, kvm, ram, tpmPages, tpm, digests, background, console, launchNanos);
            } finally {
                // a TPM still opening when the run ends is waited for, so that it is closed too
                TpmStack opened = tpm == null ? null : tpm.handle((stack, failure) -> stack).join();
                if (opened != null) {
                    opened.close();
                }
            }
        }
    }

    private Ending cycles(BootKernel kernel, byte[] initrd, GuestMemoryLayout layout, Kvm kvm, GuestRam ram,
            GuestMemory tpmPages, CompletableFuture<TpmStack> tpm, DigestCache digests, ExecutorService background,
            ConsoleInput console, long launchNanos) throws BootException, InterruptedException {
        List<CpuidEntry> cpuid = kvm.offersTscDeadlineTimer()
                ? GuestCpuid.withTscDeadline(kvm.supportedCpuid()) : kvm.supportedCpuid();
        console.start();
        for (int cycle = 1; ; cycle++) {
            LOG.info("boot {}: the guest starts {} ms after launch", cycle, (System.nanoTime() - launchNanos) / 1_000_000);
            Machine machine = new Machine(options, kernel, initrd, layout, ram, tpmPages, tpm, digests, background, kvm,
                    cpuid, console, consoleOut);
            current = machine;
            if (hardOffRequested) {
                machine.hardPowerOff();
            }
            Machine.Outcome outcome;
            try {
                outcome = machine.run();
            } finally {
                current = null;
            }
            switch (outcome) {
                case POWER_OFF -> {
                    if (tpm != null) {
                        LOG.info("guest powered off after {} boot(s); {}", cycle, tpm.join().exitStats().describe());
                        logTpmShutdown(tpm.join());
                    }
                    return Ending.POWERED_OFF;
                }
                case HARD_POWER_OFF -> {
                    if (tpm != null) {
                        LOG.info("guest powered off hard after {} boot(s); {}", cycle, tpm.join().exitStats().describe());
                        logTpmShutdown(tpm.join());
                    }
                    return Ending.HARD_POWER_OFF;
                }
                case FAILED -> {
                    if (machine.tpmFailure().isPresent()) {
                        throw machine.tpmFailure().get();
                    }
                    return Ending.GUEST_FAILED;
                }
                case RESET -> {
                    if (tpm != null) {
                        tpm.join().onPlatformReset();
                    }
                }
            }
        }
    }

    /** Says whether the guest left its TPM shut down orderly, which its next start (and DA protection) depends on. */
    private static void logTpmShutdown(TpmStack stack) {
        if (stack.guestShutDownTpm()) {
            LOG.info("TPM: the guest's last command was TPM2_Shutdown: the next start is orderly");
        } else {
            LOG.info("TPM: no TPM2_Shutdown from the guest after its last command: the next start is not orderly");
        }
    }

    /** The {@link System#nanoTime()} value at which this JVM started (the launch), as near as the runtime tells. */
    private static long launchNanos() {
        long sinceStartMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        return System.nanoTime() - Math.max(0, sinceStartMillis) * 1_000_000L;
    }

    private static byte[] readInitrd(Path file) throws BootException {
        try {
            byte[] b = Files.readAllBytes(file);
            if (b.length == 0) {
                throw new BootException("initrd " + file + " is empty");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new BootException("initrd " + file + " does not exist");
        } catch (IOException e) {
            throw new BootException("cannot read initrd " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a {@link LinuxMachine}. Defaults, as {@code jvtpm boot}'s: command line
     * {@value MachineOptions#DEFAULT_APPEND}, TIS, PPI over memory with the confirm policy, a fresh temporary
     * TPM, 512 MiB of RAM, one vCPU, the default kernel cache, 30 s for the guest to power off after
     * the power button, the serial console
     * on the process's standard input and output.
     */
    public static final class Builder {

        private Path kernel;
        private Optional<Path> initrd = Optional.empty();
        private String append = MachineOptions.DEFAULT_APPEND;
        private TpmInterface tpm = TpmInterface.TIS;
        private PpiTransport ppi = PpiTransport.MEMORY;
        private PpiPolicy ppiPolicy = PpiPolicy.CONFIRM;
        private Optional<Path> tpmState = Optional.empty();
        private long memoryBytes = MachineOptions.DEFAULT_MEMORY_BYTES;
        private int cpus = 1;
        private KernelCacheChoice kernelCache = new KernelCacheChoice.Default();
        private Duration powerButtonTimeout = MachineOptions.DEFAULT_POWER_BUTTON_TIMEOUT;
        private InputStream consoleIn = System.in;
        private OutputStream consoleOut = new FileOutputStream(FileDescriptor.out);

        private Builder() {
        }

        /** Every option at once, e.g. from a command line. */
        public Builder options(MachineOptions o) {
            return kernel(o.kernel()).initrd(o.initrd().orElse(null)).append(o.append()).tpm(o.tpm()).ppi(o.ppi())
                    .ppiPolicy(o.ppiPolicy()).tpmState(o.tpmState().orElse(null)).memory(o.memoryBytes()).cpus(o.cpus())
                    .kernelCache(o.kernelCache()).powerButtonTimeout(o.powerButtonTimeout());
        }

        /** The bzImage to boot (required). */
        public Builder kernel(Path bzImage) {
            this.kernel = Objects.requireNonNull(bzImage, "kernel");
            return this;
        }

        /** An initramfs to load with it; null for none. */
        public Builder initrd(Path file) {
            this.initrd = Optional.ofNullable(file);
            return this;
        }

        /** The kernel command line. */
        public Builder append(String commandLine) {
            this.append = Objects.requireNonNull(commandLine, "append");
            return this;
        }

        /** The TPM's register interface at 0xFED40000, or {@link TpmInterface#NONE}. */
        public Builder tpm(TpmInterface kind) {
            this.tpm = Objects.requireNonNull(kind, "tpm");
            return this;
        }

        /** How the guest's PPI requests reach the host. */
        public Builder ppi(PpiTransport transport) {
            this.ppi = Objects.requireNonNull(transport, "ppi");
            return this;
        }

        /** What the platform does with a PPI operation that needs physical presence. */
        public Builder ppiPolicy(PpiPolicy policy) {
            this.ppiPolicy = Objects.requireNonNull(policy, "ppiPolicy");
            return this;
        }

        /** The directory that keeps the TPM's state; null for a fresh temporary TPM. */
        public Builder tpmState(Path dir) {
            this.tpmState = Optional.ofNullable(dir);
            return this;
        }

        /** Guest RAM in bytes (a multiple of 4 KiB). */
        public Builder memory(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** The number of vCPUs, 1 to {@link MachineOptions#MAX_CPUS}. */
        public Builder cpus(int n) {
            this.cpus = n;
            return this;
        }

        /** Where decompressed kernels are kept. */
        public Builder kernelCache(KernelCacheChoice choice) {
            this.kernelCache = Objects.requireNonNull(choice, "kernelCache");
            return this;
        }

        /** How long the guest has to power off after {@link LinuxMachine#shutdown()} before it is powered off hard. */
        public Builder powerButtonTimeout(Duration timeout) {
            this.powerButtonTimeout = Objects.requireNonNull(timeout, "powerButtonTimeout");
            return this;
        }

        /** The serial console (COM1): what the guest reads, and where its output and PPI questions go. */
        public Builder console(InputStream in, OutputStream out) {
            this.consoleIn = Objects.requireNonNull(in, "in");
            this.consoleOut = Objects.requireNonNull(out, "out");
            return this;
        }

        /** The options as they stand. */
        public MachineOptions toOptions() {
            if (kernel == null) {
                throw new IllegalStateException("a machine needs a kernel");
            }
            return new MachineOptions(kernel, initrd, append, tpm, ppi, ppiPolicy, tpmState, memoryBytes, cpus,
                    kernelCache, powerButtonTimeout);
        }

        /**
         * The machine.
         *
         * @throws IllegalStateException without a kernel
         * @throws IllegalArgumentException when an option is out of range
         */
        public LinuxMachine build() {
            return new LinuxMachine(toOptions(), consoleIn, consoleOut);
        }
    }
}
