package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.vm.ConsoleInput;
import io.jvtpm.examples.boot.vm.GuestRam;
import io.jvtpm.examples.boot.vm.Machine;
import io.jvtpm.examples.boot.vm.TpmStack;
import io.jvtpm.kvm.Kvm;
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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jvtpm boot}: boots a Linux bzImage under KVM by the 64-bit Linux x86 boot protocol
 * (boot.rst) with jvtpm's TPM, the terminal as its serial console; a guest reset runs the PPI
 * executor (TCG PPI 1.3) and boots again, a guest power-off ends the command.
 */
public final class BootCommand {

    private static final Logger LOG = LoggerFactory.getLogger(BootCommand.class);

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
        BzImage kernel = BzImage.load(o.kernel());
        byte[] initrd = o.initrd().isPresent() ? readInitrd(o.initrd().get()) : new byte[0];
        GuestMemoryLayout layout = GuestMemoryLayout.plan(o.memoryBytes(), kernel, initrd.length,
                o.append().getBytes(StandardCharsets.UTF_8).length);
        if (!Kvm.available()) {
            throw new BootException("no usable " + Kvm.DEVICE + ": KVM is not available here"
                    + " (scripts/nested-kvm.sh -- COMMAND runs a command where it is)");
        }
        OutputStream serial = new FileOutputStream(FileDescriptor.out);
        ConsoleInput console = new ConsoleInput(System.in);
        try (Kvm kvm = Kvm.open(); GuestRam ram = GuestRam.allocate(layout.ramRegions());
                TpmStack tpm = o.tpm() == TpmInterface.NONE ? null : TpmStack.open(o, console, ram, launchNanos)) {
            List<CpuidEntry> cpuid = kvm.supportedCpuid();
            console.start();
            for (int cycle = 1; ; cycle++) {
                LOG.info("boot {}: the guest starts {} ms after launch", cycle, (System.nanoTime() - launchNanos) / 1_000_000);
                Machine.Outcome outcome = new Machine(o, kernel, initrd, layout, ram, tpm, kvm, cpuid, console, serial).run();
                switch (outcome) {
                    case POWER_OFF -> {
                        if (tpm != null) {
                            LOG.info("guest powered off after {} boot(s); {}", cycle, tpm.exitStats().describe());
                        }
                        return 0;
                    }
                    case FAILED -> {
                        System.err.println("jvtpm boot: the guest stopped on an error (see the log above)");
                        return 1;
                    }
                    case RESET -> {
                        if (tpm != null) {
                            tpm.onPlatformReset();
                        }
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
