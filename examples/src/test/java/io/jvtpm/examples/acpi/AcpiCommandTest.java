package io.jvtpm.examples.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jvtpm acpi}: the files it writes and its one-line errors. */
class AcpiCommandTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AcpiCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void writesEveryTableForTis() throws Exception {
        Outcome o = run("--tpm", "tis", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        for (String f : List.of("rsdp.dat", "xsdt.dat", "fadt.dat", "facs.dat", "madt.dat", "dsdt.dat", "dsdt.aml", "tpm2.dat")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        byte[] tpm2 = Files.readAllBytes(dir.resolve("tpm2.dat"));
        assertEquals(76, tpm2.length);
        assertEquals(6, le(tpm2).getInt(48), "start method TIS");
        assertEquals(0, le(tpm2).getLong(40), "no control area for TIS");
        byte[] fadt = Files.readAllBytes(dir.resolve("fadt.dat"));
        assertEquals(0, le(fadt).getInt(48), "no SMI command port without --ppi smi");
        byte[] dsdt = Files.readAllBytes(dir.resolve("dsdt.dat"));
        assertTrue(new String(dsdt, StandardCharsets.ISO_8859_1).contains("MSFT0101"));
        assertEquals(List.of(), List.of(o.err().lines().toArray()));
    }

    @Test
    void crbWithSmiPpi() throws Exception {
        Outcome o = run("--tpm", "crb", "--ppi", "smi", "--out", dir.toString(), "--cpus", "4",
                "--log-area", "0x1FFF0000:0x10000");
        assertEquals(0, o.code(), o.err());
        byte[] tpm2 = Files.readAllBytes(dir.resolve("tpm2.dat"));
        assertEquals(7, le(tpm2).getInt(48), "start method CRB");
        assertEquals(0xFED40040L, le(tpm2).getLong(40));
        assertEquals(0x10000, le(tpm2).getInt(64));
        assertEquals(0x1FFF0000L, le(tpm2).getLong(68));
        byte[] fadt = Files.readAllBytes(dir.resolve("fadt.dat"));
        assertEquals(0xB2, le(fadt).getInt(48));
        assertEquals((byte) 0xF1, fadt[52]);
        byte[] madt = Files.readAllBytes(dir.resolve("madt.dat"));
        assertEquals(44 + 4 * 8 + 12 + 5 * 10 + 6, madt.length);
    }

    @Test
    void hardwareReducedFadt() throws Exception {
        assertEquals(0, run("--tpm", "tis", "--hw-reduced", "--out", dir.toString()).code());
        byte[] fadt = Files.readAllBytes(dir.resolve("fadt.dat"));
        assertEquals(1 << 20, le(fadt).getInt(112) & (1 << 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--tpm", "--tpm spi --out X", "--out X", "--tpm tis", "--tpm tis --out X --ppi acpi",
        "--tpm tis --out X --bogus", "--tpm tis --out X --cpus many", "--tpm tis --out X --cpus 0",
        "--tpm tis --out X --log-area 0x1000", "--tpm tis --out X --log-area 0x1000:0",
        "--tpm tis --out X --hw-reduced --ppi smi",
    })
    void badFlagsGiveOneLineAndExitTwo(String line) {
        String[] args = line.replace("X", dir.resolve("x").toString()).split(" ");
        Outcome o = run(args);
        assertEquals(2, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("jvtpm acpi: "), o.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written on a bad command line");
    }

    @Test
    void unwritableDirectoryGivesOneLineAndExitOne() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Outcome o = run("--tpm", "tis", "--out", file.resolve("sub").toString());
        assertEquals(1, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("cannot write"), o.err());
    }

    @Test
    void tablesMatchGoldenBytes() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String tpm : List.of("tis", "crb")) {
            Path out = dir.resolve(tpm);
            assertEquals(0, run("--tpm", tpm, "--ppi", "smi", "--out", out.toString()).code());
            for (String f : List.of("rsdp.dat", "xsdt.dat", "fadt.dat", "facs.dat", "madt.dat", "dsdt.dat", "tpm2.dat")) {
                sb.append(tpm).append('/').append(f).append(' ')
                        .append(java.util.HexFormat.of().formatHex(Files.readAllBytes(out.resolve(f)))).append('\n');
            }
        }
        Golden.checkText("acpi/jvtpm-acpi-tables.txt", sb.toString());
    }

    @Test
    void helpPrintsUsage() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        assertTrue(o.out().startsWith("Usage: jvtpm acpi"), o.out());
    }
}
