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
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jvtpm boot} command line: the kernel and initrd to load by the Linux x86 boot
 * protocol (boot.rst), its command line, the TPM interface and PPI setup (TCG PPI 1.3), the TPM
 * state directory, guest memory and vCPUs, parsed into {@link MachineOptions}. Each bad flag
 * gives a one-line error.
 */
@Command(name = "boot", sortOptions = false,
        description = "Boots a Linux bzImage under KVM with jvtpm's TPM (64-bit boot protocol, no firmware).",
        footer = "The guest's serial console (COM1) is this terminal; the guest powering off ends the command.")
public final class BootOptions {

    public static final String DEFAULT_MEMORY = "512M";

    @Option(names = "--kernel", paramLabel = "BZIMAGE", description = "the kernel to boot (required)")
    String kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "an initramfs to load with it")
    String initrd;

    @Option(names = "--append", paramLabel = "ARGS", description = "kernel command line (default: \"console=ttyS0\")")
    String append;

    @Option(names = "--tpm", paramLabel = "tis|crb|none", description = "TPM interface at 0xFED40000 (default: tis)")
    String tpm;

    @Option(names = "--ppi", paramLabel = "memory|smi",
            description = "PPI requests read at guest reset, or also on an SMI (default: memory)")
    String ppi;

    @Option(names = "--ppi-policy", paramLabel = "MODE[,OP=MODE...]", description = "operations needing physical presence: ask on the terminal (confirm), allow or "
            + "deny, optionally per PPI operation number, e.g. deny,5=allow (default: confirm)")
    String ppiPolicy;

    @Option(names = "--tpmstate", paramLabel = "dir=DIR",
            description = "keep the TPM's state in DIR (default: a fresh temporary TPM)")
    String tpmState;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "guest RAM, e.g. 512M, 2G; a plain number is MiB (default: " + DEFAULT_MEMORY + ")")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "vCPUs, 1-" + MachineOptions.MAX_CPUS + " (default: 1)")
    String cpus;

    @Option(names = "--kernel-cache", paramLabel = "DIR|none", description = "keep the decompressed kernel of each bzImage in DIR, so that later boots skip "
            + "the guest's decompressor (default: $XDG_CACHE_HOME/jvtpm/kernels or "
            + "~/.cache/jvtpm/kernels)")
    String kernelCache;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /** The usage text. */
    public static String help() {
        return CommandLines.usage(new BootOptions());
    }

    /**
     * Parses the arguments after "boot"; {@code --help} gives an empty result.
     *
     * @throws BootException naming the first bad argument
     */
    public static Optional<MachineOptions> parse(String[] args) throws BootException {
        Optional<BootOptions> flags = CommandLines.parse(new BootOptions(), args, BootException::new);
        return flags.isEmpty() ? Optional.empty() : Optional.of(flags.get().toMachineOptions());
    }

    /** The options these flags give, defaults filled in. */
    MachineOptions toMachineOptions() throws BootException {
        if (kernel == null) {
            throw new BootException("--kernel BZIMAGE is required (see --help)");
        }
        TpmInterface t = tpm == null ? TpmInterface.TIS : choice("--tpm", tpm, TpmInterface.class);
        if (t == TpmInterface.NONE && (ppi != null || ppiPolicy != null || tpmState != null)) {
            throw new BootException("--ppi, --ppi-policy and --tpmstate need a TPM, but --tpm is none");
        }
        return new MachineOptions(path("--kernel", kernel),
                initrd == null ? Optional.empty() : Optional.of(path("--initrd", initrd)),
                append == null ? MachineOptions.DEFAULT_APPEND : append,
                t,
                ppi == null ? PpiTransport.MEMORY : choice("--ppi", ppi, PpiTransport.class),
                ppiPolicy == null ? PpiPolicy.CONFIRM : ppiPolicy(ppiPolicy),
                tpmState == null ? Optional.empty() : Optional.of(tpmState(tpmState)),
                memory == null ? MachineOptions.DEFAULT_MEMORY_BYTES : memorySize(memory),
                cpus == null ? 1 : cpus(cpus),
                kernelCache == null ? new KernelCacheChoice.Default() : kernelCache(kernelCache));
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
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BootException("--cpus '" + value + "' is not a number");
        }
        if (n < 1 || n > MachineOptions.MAX_CPUS) {
            throw new BootException("--cpus " + n + " is outside 1-" + MachineOptions.MAX_CPUS);
        }
        return n;
    }
}
