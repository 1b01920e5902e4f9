package io.jvtpm.examples.acpi;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The flags of {@code jvtpm acpi} (the tables of ACPI 6.5 chapter 5 for a guest with a TPM):
 * {@code --tpm tis|crb} (required), {@code --ppi memory|smi}, {@code --out DIR} (required),
 * {@code --cpus N}, {@code --log-area ADDRESS:LENGTH}, {@code --hw-reduced}.
 */
public record AcpiOptions(TpmInterface tpm, PpiTransport ppi, Path out, int cpus, long logAreaAddress,
        long logAreaLength, boolean hardwareReduced) {

    /** The TPM interface the tables describe. */
    public enum TpmInterface { TIS, CRB }

    /** How the guest's PPI requests reach the host; NONE when there is no PPI. */
    public enum PpiTransport { NONE, MEMORY, SMI }

    /** A bad command line, with a one-line message naming the problem. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The usage text. */
    public static final String USAGE = "usage: jvtpm acpi --tpm tis|crb [--ppi memory|smi] --out DIR"
            + " [--cpus N] [--log-area ADDRESS:LENGTH] [--hw-reduced]";

    /** Parses the arguments after "acpi". */
    public static AcpiOptions parse(String[] args) throws UsageException {
        TpmInterface tpm = null;
        PpiTransport ppi = PpiTransport.NONE;
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
        return new AcpiOptions(tpm, ppi, out, cpus, logAddress, logLength, hwReduced);
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
