package io.jvtpm.examples.acpi;

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

    /** The usage text. */
    public static final String USAGE = "usage: jvtpm acpi --tpm tis|crb [--ppi memory|smi] --out DIR"
            + " [--cpus N] [--memory SIZE] [--log-area ADDRESS:LENGTH] [--hw-reduced]";

    /** Parses the arguments after "acpi". */
    public static AcpiOptions parse(String[] args) throws UsageException {
        TpmInterface tpm = null;
        PpiTransport ppi = PpiTransport.MEMORY;
        long memory = MachineOptions.DEFAULT_MEMORY_BYTES;
        Path out = null;
        int cpus = 1;
        long logAddress = 0;
        long logLength = 0;
        boolean hwReduced = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tpm" -> tpm = switch (value(args, ++i, a).toLowerCase(Locale.ROOT)) {
                    case "tis" -> TpmInterface.TIS;
                    case "crb" -> TpmInterface.CRB;
                    default -> throw new UsageException("--tpm takes tis or crb, not '" + args[i] + "'");
                };
                case "--ppi" -> ppi = switch (value(args, ++i, a).toLowerCase(Locale.ROOT)) {
                    case "memory" -> PpiTransport.MEMORY;
                    case "smi" -> PpiTransport.SMI;
                    default -> throw new UsageException("--ppi takes memory or smi, not '" + args[i] + "'");
                };
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--cpus" -> {
                    String v = value(args, ++i, a);
                    try {
                        cpus = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--cpus takes a number, not '" + v + "'");
                    }
                    if (cpus < 1 || cpus > 254) {
                        throw new UsageException("--cpus must be 1..254, not " + cpus);
                    }
                }
                case "--log-area" -> {
                    String v = value(args, ++i, a);
                    int colon = v.indexOf(':');
                    if (colon < 0) {
                        throw new UsageException("--log-area takes ADDRESS:LENGTH, not '" + v + "'");
                    }
                    logAddress = number(v.substring(0, colon), "--log-area address");
                    logLength = number(v.substring(colon + 1), "--log-area length");
                    if (logLength == 0 || logLength > 0xFFFF_FFFFL) {
                        throw new UsageException("--log-area length must be 1..0xFFFFFFFF");
                    }
                }
                case "--memory" -> {
                    String v = value(args, ++i, a);
                    try {
                        memory = MemorySize.parse(v);
                    } catch (BootException e) {
                        throw new UsageException(e.getMessage());
                    }
                    if (memory < GuestMemoryLayout.MIN_MEMORY || memory > GuestMemoryLayout.MAX_MEMORY) {
                        throw new UsageException("--memory " + v + " is outside " + MemorySize.format(GuestMemoryLayout.MIN_MEMORY)
                                + "-" + MemorySize.format(GuestMemoryLayout.MAX_MEMORY));
                    }
                }
                case "--hw-reduced" -> hwReduced = true;
                default -> throw new UsageException("unknown flag '" + a + "' (" + USAGE + ")");
            }
        }
        if (tpm == null) {
            throw new UsageException("--tpm tis|crb is required");
        }
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        if (hwReduced && ppi == PpiTransport.SMI) {
            throw new UsageException("--ppi smi needs the FADT's SMI command port, which --hw-reduced removes");
        }
        AcpiTables.Platform p = AcpiTables.Platform.of(AcpiArea.forMemory(memory), cpus, tpm, ppi);
        if (logLength != 0) {
            p = p.withLogArea(logAddress, logLength);
        }
        return new AcpiOptions(hwReduced ? p.withFadt(AcpiTables.FadtModel.HARDWARE_REDUCED) : p, out);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
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
