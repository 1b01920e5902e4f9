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

/**
 * The flags of {@code jvtpm acpi} (the tables of ACPI 6.5 chapter 5 for a guest with a TPM):
 * {@code --tpm tis|crb} (required), {@code --ppi memory|smi} (default memory, as for
 * {@code jvtpm boot}), {@code --out DIR} (required), {@code --cpus N}, {@code --memory SIZE}
 * (where the tables and the event log sit), {@code --log-area ADDRESS:LENGTH}, {@code --hw-reduced};
 * without the last two the tables are those a {@code jvtpm boot} guest with the same options reads.
 */
public record AcpiOptions(AcpiTables.Platform platform, Path out) {

    /** The option values as given. */
    private record Flags(String tpm, String ppi, String out, String cpus, String memory, String logArea,
            boolean hardwareReduced) {
    }

    /** A bad command line, with a one-line message naming the problem. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The options of {@code jvtpm acpi}. */
    public static CommandLines.Spec spec() {
        return CommandLines.Spec.command("acpi", "Writes the ACPI tables a jvtpm boot guest with the same options"
                        + " reads, one .dat file each and dsdt.aml, for iasl -d.")
                .option("--tpm", "tis|crb", "the TPM interface (required)")
                .option("--ppi", "memory|smi", "the PPI transport (default: memory)")
                .option("--out", "DIR", "where the files go (required)")
                .option("--cpus", "N", "vCPUs in the MADT, 1-254 (default: 1)")
                .option("--memory", "SIZE", "the guest's RAM, which places the tables and the log (default: 512M)")
                .option("--log-area", "ADDRESS:LENGTH", "the event log the TPM2 table names (default: the guest's)")
                .flag("--hw-reduced", "a hardware-reduced FADT (no PM blocks, no SMI command port)");
    }

    /** The usage text. */
    public static String usage() {
        return CommandLines.usage(spec());
    }

    /** Parses the arguments after "acpi"; {@code --help} gives an empty result. */
    public static Optional<AcpiOptions> parse(String[] args) throws UsageException {
        Optional<CommandLines.Values> values = CommandLines.parse(spec(), args, UsageException::new);
        return values.isEmpty() ? Optional.empty() : Optional.of(of(values.get()));
    }

    /** Checks the values the command line gave. */
    static AcpiOptions of(CommandLines.Values v) throws UsageException {
        Flags f = new Flags(v.value("--tpm"), v.value("--ppi"), v.value("--out"), v.value("--cpus"), v.value("--memory"),
                v.value("--log-area"), v.flag("--hw-reduced"));
        if (f.tpm == null) {
            throw new UsageException("--tpm tis|crb is required");
        }
        TpmInterface tpm = tpmInterface(f.tpm);
        PpiTransport ppi = f.ppi == null ? PpiTransport.MEMORY : ppiTransport(f.ppi);
        if (f.out == null) {
            throw new UsageException("--out DIR is required");
        }
        int cpus = f.cpus == null ? 1 : cpus(f.cpus);
        long memory = f.memory == null ? MachineOptions.DEFAULT_MEMORY_BYTES : memory(f.memory);
        if (f.hardwareReduced && ppi == PpiTransport.SMI) {
            throw new UsageException("--ppi smi needs the FADT's SMI command port, which --hw-reduced removes");
        }
        AcpiTables.Platform p = AcpiTables.Platform.of(AcpiArea.forMemory(memory), cpus, tpm, ppi);
        if (f.logArea != null) {
            p = withLogArea(p, f.logArea);
        }
        return new AcpiOptions(f.hardwareReduced ? p.withFadt(AcpiTables.FadtModel.HARDWARE_REDUCED) : p, Path.of(f.out));
    }

    private static TpmInterface tpmInterface(String spec) throws UsageException {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "tis" -> TpmInterface.TIS;
            case "crb" -> TpmInterface.CRB;
            default -> throw new UsageException("--tpm takes tis or crb, not '" + spec + "'");
        };
    }

    private static PpiTransport ppiTransport(String spec) throws UsageException {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "memory" -> PpiTransport.MEMORY;
            case "smi" -> PpiTransport.SMI;
            default -> throw new UsageException("--ppi takes memory or smi, not '" + spec + "'");
        };
    }

    private static int cpus(String spec) throws UsageException {
        int cpus;
        try {
            cpus = Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            throw new UsageException("--cpus takes a number, not '" + spec + "'");
        }
        if (cpus < 1 || cpus > 254) {
            throw new UsageException("--cpus must be 1..254, not " + cpus);
        }
        return cpus;
    }

    private static long memory(String spec) throws UsageException {
        long memory;
        try {
            memory = MemorySize.parse(spec);
        } catch (BootException e) {
            throw new UsageException("--memory: " + e.getMessage());
        }
        if (memory < GuestMemoryLayout.MIN_MEMORY || memory > GuestMemoryLayout.MAX_MEMORY) {
            throw new UsageException("--memory " + spec + " is outside " + MemorySize.format(GuestMemoryLayout.MIN_MEMORY)
                    + "-" + MemorySize.format(GuestMemoryLayout.MAX_MEMORY));
        }
        return memory;
    }

    /** --log-area ADDRESS:LENGTH: the TCPA/TPM2 table's log area instead of the default one. */
    private static AcpiTables.Platform withLogArea(AcpiTables.Platform p, String area) throws UsageException {
        int colon = area.indexOf(':');
        if (colon < 0) {
            throw new UsageException("--log-area takes ADDRESS:LENGTH, not '" + area + "'");
        }
        long logAddress = number(area.substring(0, colon), "--log-area address");
        long logLength = number(area.substring(colon + 1), "--log-area length");
        if (logLength == 0 || logLength > 0xFFFF_FFFFL) {
            throw new UsageException("--log-area length must be 1..0xFFFFFFFF");
        }
        return p.withLogArea(logAddress, logLength);
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
