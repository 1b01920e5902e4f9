package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.image.BootKernel;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.vm.ConsoleInput;
import io.jvtpm.examples.boot.vm.GuestCpuid;
import io.jvtpm.examples.boot.vm.GuestRam;
import io.jvtpm.examples.boot.vm.Machine;
import io.jvtpm.examples.boot.vm.TpmStack;
import io.jvtpm.examples.boot.measure.DigestCache;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.HostThreads;
import io.jvtpm.kvm.vcpu.CpuidEntry;

import java.io.FileOutputStream;
import java.lang.management.ManagementFactory;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jvtpm boot}: boots a Linux bzImage under KVM by the 64-bit Linux x86 boot protocol
 * (boot.rst) with jvtpm's TPM, the terminal as its serial console; a guest reset runs the PPI
 * executor (TCG PPI 1.3) and boots again, a guest power-off ends the command.
 */
public final class BootCommand {

    private static final Logger LOG = LoggerFactory.getLogger(BootCommand.class);
    private static final int BACKGROUND_NICE = 10;
    private static final long BACKGROUND_STOP_WAIT_SECONDS = 5;

    private BootCommand() {
    }

    /** Exit codes: 0 the guest powered off, 1 the guest or KVM failed, 2 the launch could not go ahead (bad argument, file, size, no KVM). */
    public static int run(String[] args) {
        Optional<BootOptions> options;
        try {
            options = BootOptions.parse(args);
        } catch (BootException e) {
            System.err.println("jvtpm boot: " + e.getMessage());
            return 2;
        }
        if (options.isEmpty()) {
            System.out.print(BootOptions.HELP);
            return 0;
        }
        try {
            return boot(options.get());
        } catch (BootException e) {
            System.err.println("jvtpm boot: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("jvtpm boot: interrupted");
            return 1;
        } catch (RuntimeException e) {
            System.err.println("jvtpm boot: " + e.getMessage());
            return 1;
        }
    }

    private static int boot(BootOptions o) throws BootException, InterruptedException {
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
            return boot(o, launchNanos, background);
        } finally {
            background.shutdownNow();
            // a launch that fails must not exit while that thread still loads the native
            // bindings: JNA's class initialization fails in a JVM shutting down
            background.awaitTermination(BACKGROUND_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static int boot(BootOptions o, long launchNanos, ExecutorService background)
            throws BootException, InterruptedException {
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
        OutputStream serial = new FileOutputStream(FileDescriptor.out);
        try (KernelSource source = KernelSource.open(o.kernelCache(), bzImage)) {
            return boot(o, source.kernel(), initrd, layout, launchNanos, background, serial);
        }
    }

    private static int boot(BootOptions o, BootKernel kernel, byte[] initrd, GuestMemoryLayout layout, long launchNanos,
            ExecutorService background, OutputStream serial) throws BootException, InterruptedException {
        ConsoleInput console = new ConsoleInput(System.in);
        DigestCache digests = new DigestCache();
        boolean withTpm = o.tpm() != TpmInterface.NONE;
        try (Kvm kvm = Kvm.open(); GuestRam ram = GuestRam.allocate(layout.ramRegions());
                GuestMemory tpmPages = withTpm ? TpmStack.allocateTpmPages() : null) {
            CompletableFuture<TpmStack> tpm = !withTpm ? null : CompletableFuture.supplyAsync(() -> {
                try {
                    return TpmStack.open(o, console, ram, launchNanos, tpmPages);
                } catch (BootException e) {
                    throw new CompletionException(e);
                }
            }, background);
            try {
                return run(o, kernel, initrd, layout, kvm, ram, tpmPages, tpm, digests, background, console, serial, launchNanos);
            } finally {
                // a TPM still opening when the run ends is waited for, so that it is closed too
                TpmStack opened = tpm == null ? null : tpm.handle((stack, failure) -> stack).join();
                if (opened != null) {
                    opened.close();
                }
            }
        }
    }

    private static int run(BootOptions o, BootKernel kernel, byte[] initrd, GuestMemoryLayout layout, Kvm kvm, GuestRam ram,
            GuestMemory tpmPages, CompletableFuture<TpmStack> tpm, DigestCache digests, ExecutorService background,
            ConsoleInput console, OutputStream serial, long launchNanos) throws BootException, InterruptedException {
        List<CpuidEntry> cpuid = kvm.offersTscDeadlineTimer()
                ? GuestCpuid.withTscDeadline(kvm.supportedCpuid()) : kvm.supportedCpuid();
        console.start();
        for (int cycle = 1; ; cycle++) {
            LOG.info("boot {}: the guest starts {} ms after launch", cycle, (System.nanoTime() - launchNanos) / 1_000_000);
            Machine machine = new Machine(o, kernel, initrd, layout, ram, tpmPages, tpm, digests, background, kvm, cpuid,
                    console, serial);
            Machine.Outcome outcome = machine.run();
            switch (outcome) {
                case POWER_OFF -> {
                    if (tpm != null) {
                        LOG.info("guest powered off after {} boot(s); {}", cycle, tpm.join().exitStats().describe());
                    }
                    return 0;
                }
                case FAILED -> {
                    if (machine.tpmFailure().isPresent()) {
                        throw machine.tpmFailure().get();
                    }
                    System.err.println("jvtpm boot: the guest stopped on an error (see the log above)");
                    return 1;
                }
                case RESET -> {
                    if (tpm != null) {
                        tpm.join().onPlatformReset();
                    }
                }
            }
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
}
