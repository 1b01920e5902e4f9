package io.jvtpm.examples.acpi;

import io.jvtpm.acpi.table.AcpiImage;
import io.jvtpm.acpi.table.PlacedTable;
import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.boot.vm.AcpiTables;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jvtpm acpi --tpm tis|crb [--ppi memory|smi] --out DIR}: writes the ACPI tables a
 * {@code jvtpm boot} guest with the same options reads (ACPI 6.5 chapter 5: RSDP, XSDT, FADT, FACS,
 * MADT, DSDT with the TPM device; TCG ACPI Specification 1.3: TPM2), built by the launcher's one
 * builder {@link AcpiTables} and laid out where the launcher places them, one .dat file each plus
 * dsdt.aml, for inspection with {@code iasl -d}.
 */
public final class AcpiCommand {

    private AcpiCommand() {
    }

    /** Runs the command on its own (the same as {@code jvtpm acpi ...}). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; returns 0, 1 on an I/O failure, 2 on a bad command line. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command writing its messages to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<AcpiOptions> o;
        try {
            o = AcpiOptions.parse(args);
        } catch (AcpiOptions.UsageException e) {
            err.println("jvtpm acpi: " + e.getMessage());
            return 2;
        }
        if (o.isEmpty()) {
            out.print(AcpiOptions.usage());
            return 0;
        }
        return write(o.get(), out, err);
    }

    /** Checks the options picocli read and writes the tables; the exit code as {@link #run(String[], PrintStream, PrintStream)}'s. */
    public static int execute(CommandLines.Values values, PrintStream out, PrintStream err) {
        try {
            return write(AcpiOptions.of(values), out, err);
        } catch (AcpiOptions.UsageException e) {
            err.println("jvtpm acpi: " + e.getMessage());
            return 2;
        }
    }

    private static int write(AcpiOptions o, PrintStream out, PrintStream err) {
        Map<String, byte[]> files = files(AcpiTables.build(o.platform()));
        try {
            Files.createDirectories(o.out());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(o.out().resolve(f.getKey()), f.getValue());
            }
        } catch (IOException | SecurityException e) {
            err.println("jvtpm acpi: cannot write to " + o.out() + ": " + describe(e));
            return 1;
        }
        out.println("jvtpm acpi: wrote " + String.join(", ", files.keySet()) + " to " + o.out());
        return 0;
    }

    /** The file name and bytes of every table of {@code image}, the RSDP first. */
    static Map<String, byte[]> files(AcpiImage image) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("rsdp.dat", image.rsdpBytes());
        for (PlacedTable t : image.tables()) {
            String name = switch (t.signature()) {
                case "FACP" -> "fadt";
                case "APIC" -> "madt";
                default -> t.signature().toLowerCase(java.util.Locale.ROOT);
            };
            m.put(name + ".dat", t.bytes());
        }
        m.put("dsdt.aml", image.table("DSDT").bytes());
        return m;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "it exists and is not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
