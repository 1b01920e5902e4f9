package io.jvtpm.examples.cli;

import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.KernelCacheChoice;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.MemorySize;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.policy.PpiPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;


/**
 * The {@code jvtpm boot} command line: the kernel and initrd to load by the Linux x86 boot
 * protocol (boot.rst), its command line, the TPM interface and PPI setup (TCG PPI 1.3), the TPM
 * state directory, guest memory and vCPUs, parsed into {@link MachineOptions}. Each bad flag
 * gives a one-line error.
 */
public final class BootOptions {

    public static final String DEFAULT_MEMORY = "512M";

    private BootOptions() {
    }

    /** The options of {@code jvtpm boot}. */
    public static CommandLines.Spec spec() {
        return CommandLines.Spec.command("boot",
                        "Boots a Linux bzImage under KVM with jvtpm's TPM (64-bit boot protocol, no firmware).")
                .option("--kernel", "BZIMAGE", "the kernel to boot (required)")
                .option("--initrd", "FILE", "an initramfs to load with it")
                .option("--append", "ARGS", "kernel command line (default: \"" + MachineOptions.DEFAULT_APPEND + "\")")
                .option("--tpm", "tis|crb|none", "TPM interface at 0xFED40000 (default: tis)")
                .option("--ppi", "memory|smi", "PPI requests read at guest reset, or also on an SMI (default: memory)")
                .option("--ppi-policy", "MODE[,OP=MODE...]", "operations needing physical presence: ask on the terminal"
                        + " (confirm), allow or deny, optionally per PPI operation number, e.g. deny,5=allow"
                        + " (default: confirm)")
                .option("--tpmstate", "dir=DIR", "keep the TPM's state in DIR (default: a fresh temporary TPM)")
                .option("--memory", "SIZE", "guest RAM, e.g. 512M, 2G; a plain number is MiB (default: " + DEFAULT_MEMORY + ")")
                .option("--cpus", "N", "vCPUs, 1-" + MachineOptions.MAX_CPUS + " (default: 1)")
                .option("--kernel-cache", "DIR|none", "keep the decompressed kernel of each bzImage in DIR, so that later"
                        + " boots skip the guest's decompressor (default: $XDG_CACHE_HOME/jvtpm/kernels or"
                        + " ~/.cache/jvtpm/kernels)")
                .option("--power-button-timeout", "SECONDS", "after SIGTERM or SIGINT presses the guest's ACPI power button,"
                        + " how long the guest has to power off before it is powered off hard; a second signal powers"
                        + " it off at once (default: " + MachineOptions.DEFAULT_POWER_BUTTON_TIMEOUT.toSeconds() + ")")
                .footer("The guest's serial console (COM1) is this terminal; the guest powering off ends the command"
                        + " (status 0; 1 when it failed or was powered off hard).");
    }

    /** The usage text. */
    public static String help() {
        return CommandLines.usage(spec());
    }

    /**
     * Parses the arguments after "boot"; {@code --help} gives an empty result.
     *
     * @throws BootException naming the first bad argument
     */
    public static Optional<MachineOptions> parse(String[] args) throws BootException {
        Optional<CommandLines.Values> values = CommandLines.parse(spec(), args, BootException::new);
        return values.isEmpty() ? Optional.empty() : Optional.of(of(values.get()));
    }

    /** The options the command line gave, defaults filled in. */
    static MachineOptions of(CommandLines.Values v) throws BootException {
        String kernel = v.value("--kernel");
        String tpm = v.value("--tpm");
        String ppi = v.value("--ppi");
        String ppiPolicy = v.value("--ppi-policy");
        String tpmState = v.value("--tpmstate");
        String memory = v.value("--memory");
        String cpus = v.value("--cpus");
        String kernelCache = v.value("--kernel-cache");
        String powerButtonTimeout = v.value("--power-button-timeout");
        if (kernel == null) {
            throw new BootException("--kernel BZIMAGE is required (see --help)");
        }
        TpmInterface t = tpm == null ? TpmInterface.TIS : choice("--tpm", tpm, TpmInterface.class);
        if (t == TpmInterface.NONE && (ppi != null || ppiPolicy != null || tpmState != null)) {
            throw new BootException("--ppi, --ppi-policy and --tpmstate need a TPM, but --tpm is none");
        }
        String initrd = v.value("--initrd");
        String append = v.value("--append");
        return new MachineOptions(path("--kernel", kernel),
                initrd == null ? Optional.empty() : Optional.of(path("--initrd", initrd)),
                append == null ? MachineOptions.DEFAULT_APPEND : append,
                t,
                ppi == null ? PpiTransport.MEMORY : choice("--ppi", ppi, PpiTransport.class),
                ppiPolicy == null ? PpiPolicy.CONFIRM : ppiPolicy(ppiPolicy),
                tpmState == null ? Optional.empty() : Optional.of(tpmState(tpmState)),
                memory == null ? MachineOptions.DEFAULT_MEMORY_BYTES : memorySize(memory),
                cpus == null ? 1 : cpus(cpus),
                kernelCache == null ? new KernelCacheChoice.Default() : kernelCache(kernelCache),
                powerButtonTimeout == null ? MachineOptions.DEFAULT_POWER_BUTTON_TIMEOUT
                        : powerButtonTimeout(powerButtonTimeout));
    }

    /** The most seconds --power-button-timeout takes: a day. */
    static final long MAX_POWER_BUTTON_SECONDS = 86_400;

    private static Duration powerButtonTimeout(String value) throws BootException {
        return Duration.ofSeconds(number("--power-button-timeout", value, "a whole number of seconds", 0,
                MAX_POWER_BUTTON_SECONDS));
    }

    /** {@code value} of {@code flag} as a number from {@code min} to {@code max}; else a one-line error. */
    private static long number(String flag, String value, String what, long min, long max) throws BootException {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BootException(flag + " '" + value + "' is not " + what);
        }
        if (n < min || n > max) {
            throw new BootException(flag + " " + n + " is outside " + min + "-" + max);
        }
        return n;
    }

    private static Path path(String name, String value) throws BootException {
        if (value.isEmpty()) {
            throw new BootException(name + " needs a file name");
        }
        return Path.of(value);
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) throws BootException {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String v = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (v.equals(value)) {
                return e;
            }
            allowed.append(allowed.length() == 0 ? "" : "|").append(v);
        }
        throw new BootException(name + " '" + value + "' is not one of " + allowed);
    }

    private static PpiPolicy ppiPolicy(String value) throws BootException {
        try {
            return PpiPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BootException("--ppi-policy '" + value + "': " + e.getMessage());
        }
    }

    private static Path tpmState(String value) throws BootException {
        if (!value.startsWith("dir=") || value.length() == 4) {
            throw new BootException("--tpmstate '" + value + "' is not of the form dir=DIRECTORY");
        }
        return Path.of(value.substring(4));
    }

    private static KernelCacheChoice kernelCache(String value) throws BootException {
        if (value.isEmpty()) {
            throw new BootException("--kernel-cache needs a directory or 'none'");
        }
        return value.equals("none") ? new KernelCacheChoice.Off() : new KernelCacheChoice.Directory(Path.of(value));
    }

    private static long memorySize(String value) throws BootException {
        try {
            return MemorySize.parse(value);
        } catch (BootException e) {
            throw new BootException("--memory: " + e.getMessage());
        }
    }

    private static int cpus(String value) throws BootException {
        return (int) number("--cpus", value, "a number", 1, MachineOptions.MAX_CPUS);
    }
}
