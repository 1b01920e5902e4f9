package io.jvtpm.examples.boot;

import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.policy.PpiPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LinuxMachine} boots (Linux x86 boot protocol, boot.rst): the kernel and initrd,
 * its command line, the TPM interface (PC Client Platform TPM Profile) and PPI setup (TCG PPI 1.3),
 * the TPM state directory, guest memory, vCPUs, the kernel cache, and how long the guest has to
 * power off after the host presses its ACPI power button (ACPI 6.5 section 4.8.2.2.1.1) before the
 * host powers it off hard. {@link LinuxMachine#builder()} fills in the defaults.
 */
public record MachineOptions(
        Path kernel,
        Optional<Path> initrd,
        String append,
        TpmInterface tpm,
        PpiTransport ppi,
        PpiPolicy ppiPolicy,
        Optional<Path> tpmState,
        long memoryBytes,
        int cpus,
        KernelCacheChoice kernelCache,
        Duration powerButtonTimeout) {

    /** The kernel command line unless one is given. */
    public static final String DEFAULT_APPEND = "console=ttyS0";
    /** Guest RAM unless a size is given: 512 MiB. */
    public static final long DEFAULT_MEMORY_BYTES = 512L << 20;
    /** The most vCPUs a guest gets. */
    public static final int MAX_CPUS = 64;
    /** How long a guest has to power off after the power button, unless told: 30 s. */
    public static final Duration DEFAULT_POWER_BUTTON_TIMEOUT = Duration.ofSeconds(30);

    public MachineOptions {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(append, "append");
        Objects.requireNonNull(tpm, "tpm");
        Objects.requireNonNull(ppi, "ppi");
        Objects.requireNonNull(ppiPolicy, "ppiPolicy");
        Objects.requireNonNull(tpmState, "tpmState");
        Objects.requireNonNull(kernelCache, "kernelCache");
        Objects.requireNonNull(powerButtonTimeout, "powerButtonTimeout");
        if (powerButtonTimeout.isNegative()) {
            throw new IllegalArgumentException("power button timeout " + powerButtonTimeout + " is negative");
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("vCPUs " + cpus + " outside 1-" + MAX_CPUS);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memory size " + memoryBytes + " is not positive");
        }
    }
}
