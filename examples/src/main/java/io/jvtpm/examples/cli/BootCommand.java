package io.jvtpm.examples.cli;

import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;

import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code jvtpm boot}: boots a Linux bzImage under KVM by the 64-bit Linux x86 boot protocol
 * (boot.rst) with jvtpm's TPM, the terminal as its serial console, through {@link LinuxMachine};
 * a guest reset runs the PPI executor (TCG PPI 1.3) and boots again, a guest power-off ends the command.
 * SIGTERM or SIGINT presses the guest's ACPI power button, a second one powers it off at once ({@link HostSignals}).
 */
public final class BootCommand {

    private BootCommand() {
    }

    /** Exit codes: 0 the guest powered off, 1 the guest or KVM failed or the guest was powered off hard, 2 the launch could not go ahead (bad argument, file, size, no KVM). */
    public static int run(String[] args) {
        Optional<MachineOptions> options;
        try {
            options = BootOptions.parse(args);
        } catch (BootException e) {
            System.err.println("jvtpm boot: " + e.getMessage());
            return 2;
        }
        if (options.isEmpty()) {
            System.out.print(BootOptions.help());
            return 0;
        }
        return boot(options.get(), System.err);
    }

    /** Checks the options picocli read and boots; the exit code as {@link #run(String[])}'s. */
    public static int execute(CommandLines.Values values, PrintStream err) {
        MachineOptions options;
        try {
            options = BootOptions.of(values);
        } catch (BootException e) {
            err.println("jvtpm boot: " + e.getMessage());
            return 2;
        }
        return boot(options, err);
    }

    /** Boots with {@code options}, the terminal as the serial console; returns the exit code. */
    public static int boot(MachineOptions options, PrintStream err) {
        try {
            LinuxMachine machine = LinuxMachine.builder().options(options).build();
            LinuxMachine.Ending end;
            HostSignals signals = HostSignals.install(machine);
            try {
                end = machine.run();
            } finally {
                signals.close();
            }
            switch (end) {
                case GUEST_FAILED -> {
                    err.println("jvtpm boot: the guest stopped on an error (see the log above)");
                    return 1;
                }
                case HARD_POWER_OFF -> {
                    err.println("jvtpm boot: the guest was powered off hard, without shutting down");
                    return 1;
                }
                default -> {
                    return 0;
                }
            }
        } catch (BootException e) {
            err.println("jvtpm boot: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("jvtpm boot: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("jvtpm boot: " + e.getMessage());
            return 1;
        }
    }
}
