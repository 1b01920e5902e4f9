package io.jvtpm.crb.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.crb.CrbDevice;
import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.testing.Peers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRB TPM's ACPI description against a golden file and, through iasl, against QEMU 7.2's. */
class CrbAcpiTest {

    @Test
    void deviceMatchesGolden() throws IOException {
        Golden.checkBytes("crb-device-tpm.aml", CrbAcpi.device().toBytes());
    }

    @Test
    void resourceCoversAllFiveLocalities() {
        byte[] aml = CrbAcpi.device(0xFED40000L, List.of()).toBytes();
        // Memory32Fixed: 0x86, length 9, ReadWrite, base, length
        byte[] want = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x86).putShort((short) 9).put((byte) 1).putInt(0xFED40000).putInt(0x5000).array();
        assertTrue(indexOf(aml, want) > 0, "Memory32Fixed(ReadWrite, 0xFED40000, 0x5000)");
        assertTrue(indexOf(aml, "MSFT0101".getBytes(StandardCharsets.US_ASCII)) > 0);
        assertTrue(indexOf(aml, "TPM 2.0 Device".getBytes(StandardCharsets.UTF_16LE)) > 0, "_STR as Unicode");
    }

    @Test
    void extraTermsFollowTheStandardOnes() {
        byte[] plain = CrbAcpi.device().toBytes();
        byte[] more = CrbAcpi.device(CrbDevice.BASE_ADDRESS, List.of(Asl.name("TEST", Asl.integer(5)))).toBytes();
        assertTrue(more.length > plain.length);
        assertTrue(indexOf(more, "TEST".getBytes(StandardCharsets.US_ASCII)) > indexOf(more, "_UID".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void tpm2TableFacts() {
        assertEquals(7, CrbAcpi.START_METHOD_CRB);
        assertEquals(0xFED40040L, CrbAcpi.controlAreaAddress(CrbDevice.BASE_ADDRESS), "as QEMU's acpi_TPM2.dsl");
        assertEquals(12, CrbAcpi.START_METHOD_PARAMETERS_SIZE);
    }

    /**
     * iasl disassembles our Device (TPM) into what QEMU 7.2 emitted, but for the window's length
     * and _STR, which is a Unicode buffer as ACPI wants rather than QEMU's String.
     */
    @Test
    @Tag("peer")
    void iaslReadsWhatQemuWrote(@TempDir Path dir) throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        Files.write(dir.resolve("dsdt.aml"), AmlTable.dsdt(OemIds.JVTPM, List.of(CrbAcpi.device())).toBytes());
        Peers.Result r = Peers.run(dir, List.of(iasl.toString(), "-d", "dsdt.aml"));
        assertEquals(0, r.exitCode(), r.output());
        String dsl = normalize(Files.readString(dir.resolve("dsdt.dsl")));
        String expected = normalize(String.join("\n",
                "Device (TPM)",
                "{",
                "Name (_HID, \"MSFT0101\" /* TPM 2.0 Security Device */)  // _HID: Hardware ID",
                "Name (_STR, Unicode (\"TPM 2.0 Device\"))  // _STR: Description String",
                "Name (_CRS, ResourceTemplate ()  // _CRS: Current Resource Settings",
                "{",
                "Memory32Fixed (ReadWrite,",
                "0xFED40000,         // Address Base",
                "0x00005000,         // Address Length",
                ")",
                "})",
                "Name (_STA, 0x0F)  // _STA: Status",
                "Name (_UID, One)  // _UID: Unique ID",
                "}"));
        assertTrue(dsl.contains(expected), "iasl printed:\n" + dsl);
    }

    private static String normalize(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.replaceAll("\\s+", " "))
                .collect(Collectors.joining("\n"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
