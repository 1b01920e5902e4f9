package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.examples.acpi.AcpiCommand;
import io.jvtpm.examples.cli.BootOptions;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.image.BzImage;
import io.jvtpm.examples.boot.image.SyntheticBzImage;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tables {@code jvtpm acpi} writes are the tables a {@code jvtpm boot} guest with the same
 * options reads: the launcher places them in guest RAM, and the test walks them there as an OS
 * does (ACPI 6.5 section 5.2: RSDP at 0xE0000, XSDT, FADT's X_FIRMWARE_CTRL and X_DSDT),
 * comparing every table byte for byte with the files.
 */
class AcpiCommandMatchesGuestTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--tpm tis",
            "--tpm crb",
            "--tpm tis --ppi smi --cpus 4",
            "--tpm crb --ppi smi --memory 1G",
            "--tpm crb --ppi memory --cpus 2 --memory 768M"})
    void acpiWritesWhatTheBootedGuestReads(String flags, @TempDir Path dir) throws Exception {
        List<String> acpiArgs = new ArrayList<>(List.of(flags.trim().split(" +")));
        acpiArgs.addAll(List.of("--out", dir.resolve("tables").toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, AcpiCommand.run(acpiArgs.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));

        Path kernel = Files.write(dir.resolve("bzImage"), new SyntheticBzImage().build());
        List<String> bootArgs = new ArrayList<>(List.of(flags.trim().split(" +")));
        bootArgs.addAll(List.of("--kernel", kernel.toString()));
        MachineOptions options = BootOptions.parse(bootArgs.toArray(String[]::new)).orElseThrow();
        GuestMemoryLayout layout = GuestMemoryLayout.plan(options.memoryBytes(), BzImage.load(kernel), 0,
                options.append().getBytes(StandardCharsets.UTF_8).length);
        try (GuestRam ram = GuestRam.allocate(layout.ramRegions())) {
            Machine.placeAcpiTables(ram, layout, options);
            Map<String, byte[]> guest = tablesInGuestMemory(ram);
            for (Map.Entry<String, byte[]> t : guest.entrySet()) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("tables").resolve(t.getKey())), t.getValue(), t.getKey());
            }
            try (var files = Files.list(dir.resolve("tables"))) {
                assertEquals(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".dat"))
                        .collect(java.util.stream.Collectors.toSet()), guest.keySet(), "every file is a table the guest finds");
            }
        }
    }

    /** The tables as an OS finds them from the RSDP, by the file names {@code jvtpm acpi} gives them. */
    private static Map<String, byte[]> tablesInGuestMemory(GuestRam ram) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] rsdp = ram.read(GuestMemoryLayout.RSDP_ADDRESS, 36);
        assertEquals("RSD PTR ", new String(rsdp, 0, 8, StandardCharsets.US_ASCII));
        m.put("rsdp.dat", rsdp);
        byte[] xsdt = table(ram, le(rsdp).getLong(24));
        m.put("xsdt.dat", xsdt);
        for (int off = 36; off < xsdt.length; off += 8) {
            byte[] t = table(ram, le(xsdt).getLong(off));
            String sig = new String(t, 0, 4, StandardCharsets.US_ASCII);
            m.put(fileName(sig), t);
            if (sig.equals("FACP")) {
                // the 64-bit pointers (X_FIRMWARE_CTRL, X_DSDT) where set, else the 32-bit ones
                m.put("facs.dat", table(ram, pointer(t, 132, 36)));
                m.put("dsdt.dat", table(ram, pointer(t, 140, 40)));
            }
        }
        return m;
    }

    private static long pointer(byte[] fadt, int wide, int narrow) {
        long x = le(fadt).getLong(wide);
        return x != 0 ? x : le(fadt).getInt(narrow) & 0xFFFF_FFFFL;
    }

    private static String fileName(String signature) {
        return switch (signature) {
            case "FACP" -> "fadt.dat";
            case "APIC" -> "madt.dat";
            default -> signature.toLowerCase(Locale.ROOT) + ".dat";
        };
    }

    private static byte[] table(GuestRam ram, long address) {
        int length = le(ram.read(address, 8)).getInt(4);
        return ram.read(address, length);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
