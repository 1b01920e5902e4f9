package io.jvtpm.examples.acpi;

import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.AcpiArea;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.layout.MemorySize;
import io.jvtpm.examples.boot.vm.AcpiTables;
import io.jvtpm.ppi.PpiTransport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags of {@code jvtpm acpi} (the tables of ACPI 6.5 chapter 5 for a guest with a TPM):
 * {@code --tpm tis|crb} (required), {@code --ppi memory|smi} (default memory, as for
 * {@code jvtpm boot}), {@code --out DIR} (required), {@code --cpus N}, {@code --memory SIZE}
 * (where the tables and the event log sit), {@code --log-area ADDRESS:LENGTH}, {@code --hw-reduced};
 * without the last two the tables are those a {@code jvtpm boot} guest with the same options reads.
 */
public record AcpiOptions(AcpiTables.Platform platform, Path out) {

    /** A bad command line, with a one-line message naming the problem. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The command line as picocli reads it, before its values are checked. */
    @Command(name = "acpi", sortOptions = false,
            description = "Writes the ACPI tables a jvtpm boot guest with the same options reads, one .dat "
                    + "file each and dsdt.aml, for iasl -d.")
    public static final class Flags {
        @Option(names = "--tpm", paramLabel = "tis|crb", description = "the TPM interface (required)")
        String tpm;

        @Option(names = "--ppi", paramLabel = "memory|smi", description = "the PPI transport (default: memory)")
        String ppi;

        @Option(names = "--out", paramLabel = "DIR", description = "where the files go (required)")
        String out;

        @Option(names = "--cpus", paramLabel = "N", description = "vCPUs in the MADT, 1-254 (default: 1)")
        String cpus;

        @Option(names = "--memory", paramLabel = "SIZE",
                description = "the guest's RAM, which places the tables and the log (default: 512M)")
        String memory;

        @Option(names = "--log-area", paramLabel = "ADDRESS:LENGTH",
                description = "the event log the TPM2 table names (default: the guest's)")
        String logArea;

        @Option(names = "--hw-reduced", description = "a hardware-reduced FADT (no PM blocks, no SMI command port)")
        boolean hardwareReduced;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;
    }

    /** The usage text. */
    public static String usage() {
        return CommandLines.usage(new Flags());
    }

    /** Parses the arguments after "acpi"; {@code --help} gives an empty result. */
    public static Optional<AcpiOptions> parse(String[] args) throws UsageException {
        Optional<Flags> flags = CommandLines.parse(new Flags(), args, UsageException::new);
        return flags.isEmpty() ? Optional.empty() : Optional.of(of(flags.get()));
    }

    /** Checks the values of {@code f}. */
    static AcpiOptions of(Flags f) throws UsageException {
        if (f.tpm == null) {
            throw new UsageException("--tpm tis|crb is required");
        }
        TpmInterface tpm = switch (f.tpm.toLowerCase(Locale.ROOT)) {
            case "tis" -> TpmInterface.TIS;
            case "crb" -> TpmInterface.CRB;
            default -> throw new UsageException("--tpm takes tis or crb, not '" + f.tpm + "'");
        };
        PpiTransport ppi = f.ppi == null ? PpiTransport.MEMORY : switch (f.ppi.toLowerCase(Locale.ROOT)) {
            case "memory" -> PpiTransport.MEMORY;
            case "smi" -> PpiTransport.SMI;
            default -> throw new UsageException("--ppi takes memory or smi, not '" + f.ppi + "'");
        };
        if (f.out == null) {
            throw new UsageException("--out DIR is required");
        }
        int cpus = 1;
        if (f.cpus != null) {
            try {
                cpus = Integer.parseInt(f.cpus);
            } catch (NumberFormatException e) {
                throw new UsageException("--cpus takes a number, not '" + f.cpus + "'");
            }
            if (cpus < 1 || cpus > 254) {
                throw new UsageException("--cpus must be 1..254, not " + cpus);
            }
        }
        long memory = MachineOptions.DEFAULT_MEMORY_BYTES;
        if (f.memory != null) {
            try {
                memory = MemorySize.parse(f.memory);
            } catch (BootException e) {
                throw new UsageException("--memory: " + e.getMessage());
            }
            if (memory < GuestMemoryLayout.MIN_MEMORY || memory > GuestMemoryLayout.MAX_MEMORY) {
                throw new UsageException("--memory " + f.memory + " is outside " + MemorySize.format(GuestMemoryLayout.MIN_MEMORY)
                        + "-" + MemorySize.format(GuestMemoryLayout.MAX_MEMORY));
            }
        }
        if (f.hardwareReduced && ppi == PpiTransport.SMI) {
            throw new UsageException("--ppi smi needs the FADT's SMI command port, which --hw-reduced removes");
        }
        AcpiTables.Platform p = AcpiTables.Platform.of(AcpiArea.forMemory(memory), cpus, tpm, ppi);
        if (f.logArea != null) {
            String v = f.logArea;
            int colon = v.indexOf(':');
            if (colon < 0) {
                throw new UsageException("--log-area takes ADDRESS:LENGTH, not '" + v + "'");
            }
            long logAddress = number(v.substring(0, colon), "--log-area address");
            long logLength = number(v.substring(colon + 1), "--log-area length");
            if (logLength == 0 || logLength > 0xFFFF_FFFFL) {
                throw new UsageException("--log-area length must be 1..0xFFFFFFFF");
            }
            p = p.withLogArea(logAddress, logLength);
        }
        return new AcpiOptions(f.hardwareReduced ? p.withFadt(AcpiTables.FadtModel.HARDWARE_REDUCED) : p, Path.of(f.out));
    }

    private static long number(String s, String what) throws UsageException {
        try {
            String t = s.trim().toLowerCase(Locale.ROOT);
            long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " is not a number: '" + s + "'");
        }
    }
}
