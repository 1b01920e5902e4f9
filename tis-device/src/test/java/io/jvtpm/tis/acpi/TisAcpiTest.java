package io.jvtpm.tis.acpi;

import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.testing.Peers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jvtpm.acpi.aml.Asl.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TPM device's AML against golden bytes, and through iasl against QEMU's Device (TPM). */
class TisAcpiTest {

    @Test
    void startMethodIsTheFifoInterface() {
        assertEquals(6, TisAcpi.START_METHOD.code);
    }

    @Test
    void deviceMatchesGoldenAml() throws IOException {
        Golden.checkText("tis-device.aml.hex", Golden.hexLines(TisAcpi.device().toBytes()));
        Golden.checkText("tis-device-irq5.aml.hex", Golden.hexLines(TisAcpi.device("TPM", 5, List.of()).toBytes()));
    }

    @Test
    void objectsButStrAreByteForByteThoseOfQemusDsdt() throws IOException {
        byte[] dsdt;
        try (InputStream in = TisAcpiTest.class.getResourceAsStream("/reference/qemu-7.2-seabios-tis-DSDT.dat")) {
            dsdt = in.readAllBytes();
        }
        // QEMU's _STR is a String where ACPI wants a Unicode buffer (see TisAcpi.DESCRIPTION): compare the rest
        List<io.jvtpm.acpi.aml.Aml> objects = TisAcpi.objects(0);
        String haystack = HexFormat.of().formatHex(dsdt);
        String hid = HexFormat.of().formatHex(objects.get(0).toBytes());
        java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
        for (io.jvtpm.acpi.aml.Aml term : objects.subList(2, objects.size())) {
            rest.writeBytes(term.toBytes());
        }
        String tail = HexFormat.of().formatHex(rest.toByteArray());
        assertTrue(haystack.contains(hid + HexFormat.of().formatHex(
                io.jvtpm.acpi.aml.Asl.name("_STR", io.jvtpm.acpi.aml.Asl.string(TisAcpi.DESCRIPTION)).toBytes()) + tail),
                "_HID .. _CRS as QEMU 7.2 encodes them, with QEMU's String _STR");
        assertTrue(tail.length() > 60 && HexFormat.of().formatHex(objects.get(1).toBytes()).startsWith("085f5354521121"),
                "_STR is a Unicode buffer");
    }

    @Test
    void crsHoldsTheWindowAndTheInterrupt() {
        String hex = HexFormat.of().formatHex(TisAcpi.device("TPM", 5, List.of()).toBytes());
        assertTrue(hex.contains("860900" + "01" + "0000d4fe" + "00500000"), "Memory32Fixed(ReadWrite, 0xFED40000, 0x5000)");
        assertTrue(hex.contains("23" + "2000" + "00"), "IRQ(Level, ActiveHigh, Exclusive){5}");
        assertTrue(!HexFormat.of().formatHex(TisAcpi.device().toBytes()).contains("232000"), "no IRQ when not wired");
    }

    @Test
    void badInterruptIsRefused() {
        try {
            TisAcpi.objects(16);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("16"));
            return;
        }
        throw new AssertionError("IRQ 16 accepted");
    }

    @Test
    @Tag("peer")
    void iaslSeesQemusDeviceWithoutThePpiParts(@TempDir Path dir) throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        String dsl = disassemble(iasl, dir, "ssdt", TisAcpi.device());
        String reference;
        try (InputStream in = TisAcpiTest.class.getResourceAsStream("/reference/qemu-7.2-seabios-tis-tpm-device.asl")) {
            reference = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        // QEMU's device up to the PPI's first OperationRegion is the TIS part
        List<String> expected = normalizedLines(reference.substring(reference.indexOf("Device (TPM)"), reference.indexOf("OperationRegion (TPP2"))
                .replace("Name (_STR, \"TPM 2.0 Device\")", "Name (_STR, Unicode (\"TPM 2.0 Device\"))"));
        List<String> actual = normalizedLines(dsl.substring(dsl.indexOf("Device (TPM)")));
        assertEquals(expected, actual.subList(0, expected.size()), dsl);
    }

    @Test
    @Tag("peer")
    void iaslDecodesTheInterrupt(@TempDir Path dir) throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        List<String> lines = normalizedLines(disassemble(iasl, dir, "irq", TisAcpi.device("TPM", 5, List.of())));
        int at = lines.indexOf("IRQ(Level,ActiveHigh,Exclusive,)");
        assertTrue(at > 0, lines.toString());
        assertEquals("{5}", lines.get(at + 1));
    }

    private static String disassemble(Path iasl, Path dir, String name, io.jvtpm.acpi.aml.Device device) throws Exception {
        byte[] ssdt = AmlTable.ssdt(OemIds.JVTPM, List.of(scope("\\_SB", device))).toBytes();
        Path dat = dir.resolve(name + ".dat");
        Files.write(dat, ssdt);
        Process p = new ProcessBuilder(iasl.toString(), "-d", dat.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "iasl finished");
        assertEquals(0, p.exitValue(), out);
        return Files.readString(dir.resolve(name + ".dsl"));
    }

    private static List<String> normalizedLines(String asl) {
        List<String> lines = new ArrayList<>();
        for (String line : asl.replaceAll("/\\*.*?\\*/", "").split("\n")) {
            int comment = line.indexOf("//");
            String s = (comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s+", "");
            if (!s.isEmpty()) {
                lines.add(s);
            }
        }
        return lines;
    }
}
