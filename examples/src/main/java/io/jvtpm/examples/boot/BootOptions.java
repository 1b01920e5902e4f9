package io.jvtpm.examples.boot;

import io.jvtpm.examples.boot.layout.MemorySize;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.policy.PpiPolicy;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code jvtpm boot} command line: the kernel and initrd to load by the Linux x86 boot
 * protocol (boot.rst), its command line, the TPM interface and PPI setup (TCG PPI 1.3), the TPM
 * state directory, guest memory and vCPUs, parsed into {@link MachineOptions}. Each bad flag
 * gives a one-line error.
 */
public final class BootOptions {

    private BootOptions() {
    }

    public static final String DEFAULT_MEMORY = "512M";
    public static final String DEFAULT_APPEND = MachineOptions.DEFAULT_APPEND;
    public static final int MAX_CPUS = MachineOptions.MAX_CPUS;

    public static final String HELP = """
            usage: jvtpm boot --kernel BZIMAGE [options]
            Boots a Linux bzImage under KVM with jvtpm's TPM (64-bit boot protocol, no firmware).
              --kernel BZIMAGE        the kernel to boot (required)
              --initrd FILE           an initramfs to load with it
              --append ARGS           kernel command line (default: "console=ttyS0")
              --tpm tis|crb|none      TPM interface at 0xFED40000 (default: tis)
              --ppi memory|smi        PPI requests read at guest reset, or also on an SMI (default: memory)
              --ppi-policy MODE[,OP=MODE...]
                                      operations needing physical presence: ask on the terminal (confirm),
                                      allow or deny, optionally per PPI operation number, e.g.
                                      deny,5=allow (default: confirm)
              --tpmstate dir=DIR      keep the TPM's state in DIR (default: a fresh temporary TPM)
              --memory SIZE           guest RAM, e.g. 512M, 2G; a plain number is MiB (default: 512M)
              --cpus N                vCPUs, 1-64 (default: 1)
              --kernel-cache DIR|none keep the decompressed kernel of each bzImage in DIR, so that later
                                      boots skip the guest's decompressor (default:
                                      $XDG_CACHE_HOME/jvtpm/kernels or ~/.cache/jvtpm/kernels)
              --help                  this text
            The guest's serial console (COM1) is this terminal; the guest powering off ends the command.
            """;

    /**
     * Parses the arguments after "boot"; {@code --help} gives an empty result.
     *
     * @throws BootException naming the first bad argument
     */
    public static Optional<MachineOptions> parse(String[] args) throws BootException {
        Path kernel = null;
        Path initrd = null;
        String append = null;
        TpmInterface tpm = null;
        PpiTransport ppi = null;
        PpiPolicy policy = null;
        Path state = null;
        Long memory = null;
        Integer cpus = null;
        KernelCacheChoice cache = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return Optional.empty();
            }
            if (!arg.startsWith("--")) {
                throw new BootException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    if (!isKnown(name)) {
                        throw new BootException("unknown option " + name + " (see --help)");
                    }
                    throw new BootException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--kernel" -> kernel = once(name, kernel, path(name, value));
                case "--initrd" -> initrd = once(name, initrd, path(name, value));
                case "--append" -> append = once(name, append, value);
                case "--tpm" -> tpm = once(name, tpm, choice(name, value, TpmInterface.class));
                case "--ppi" -> ppi = once(name, ppi, choice(name, value, PpiTransport.class));
                case "--ppi-policy" -> policy = once(name, policy, ppiPolicy(value));
                case "--tpmstate" -> state = once(name, state, tpmState(value));
                case "--memory" -> memory = once(name, memory, MemorySize.parse(value));
                case "--cpus" -> cpus = once(name, cpus, cpus(value));
                case "--kernel-cache" -> cache = once(name, cache, kernelCache(value));
                default -> throw new BootException("unknown option " + name + " (see --help)");
            }
        }
        if (kernel == null) {
            throw new BootException("--kernel BZIMAGE is required (see --help)");
        }
        TpmInterface t = tpm == null ? TpmInterface.TIS : tpm;
        if (t == TpmInterface.NONE && (ppi != null || policy != null || state != null)) {
            throw new BootException("--ppi, --ppi-policy and --tpmstate need a TPM, but --tpm is none");
        }
        return Optional.of(new MachineOptions(kernel, Optional.ofNullable(initrd), append == null ? DEFAULT_APPEND : append, t,
                ppi == null ? PpiTransport.MEMORY : ppi, policy == null ? PpiPolicy.CONFIRM : policy,
                Optional.ofNullable(state), memory == null ? MachineOptions.DEFAULT_MEMORY_BYTES : memory,
                cpus == null ? 1 : cpus, cache == null ? new KernelCacheChoice.Default() : cache));
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--kernel", "--initrd", "--append", "--tpm", "--ppi", "--ppi-policy", "--tpmstate", "--memory", "--cpus",
                    "--kernel-cache" -> true;
            default -> false;
        };
    }

    private static <T> T once(String name, T previous, T value) throws BootException {
        if (previous != null) {
            throw new BootException(name + " is given twice");
        }
        return value;
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

    private static int cpus(String value) throws BootException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BootException("--cpus '" + value + "' is not a number");
        }
        if (n < 1 || n > MAX_CPUS) {
            throw new BootException("--cpus " + n + " is outside 1-" + MAX_CPUS);
        }
        return n;
    }
}
