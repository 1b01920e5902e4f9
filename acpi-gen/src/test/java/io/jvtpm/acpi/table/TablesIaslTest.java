package io.jvtpm.acpi.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.testing.Asl;
import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Peer test: {@code iasl -d} disassembles each table without errors, iasl recompiles the .dsl,
 * and for the data tables the recompiled bytes after the header equal ours (not for the DSDT:
 * iasl optimizes name paths, e.g. {@code \_SB} at the root becomes {@code _SB}).
 */
@Tag("peer")
class TablesIaslTest {

    @TempDir
    Path dir;

    static Stream<String> tables() {
        return TableFixtures.all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void iaslDisassemblesAndRecompiles(String name) throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        Map<String, byte[]> all = TableFixtures.all();
        byte[] ours = all.get(name);
        if (name.equals("RSDP")) {
            rsdpCompiledByIaslEqualsOurs(iasl, ours);
            return;
        }
        String file = name.toLowerCase().replace('-', '_');
        String dsl = Asl.disassemble(iasl, dir, file, ours);
        assertFalse(dsl.contains("**** "), "disassembler flagged a problem:\n" + dsl);
        assertFalse(dsl.toLowerCase().contains("invalid"), "disassembler says invalid:\n" + dsl);
        Path src = dir.resolve(file + ".dsl");
        Peers.Result r = Peers.run(dir, iasl.toString(), "-p", file + "_re", src.toString());
        assertEquals(0, r.exitCode(), "iasl could not recompile " + name + ":\n" + r.output());
        Path out = Files.exists(dir.resolve(file + "_re.aml")) ? dir.resolve(file + "_re.aml") : dir.resolve(file + "_re.dat");
        assertTrue(Files.exists(out), "no recompiled output for " + name + ":\n" + r.output());
        byte[] again = Files.readAllBytes(out);
        if (name.equals("DSDT")) {
            return;
        }
        int from = 36;
        assertEquals(HexFormat.of().formatHex(Arrays.copyOfRange(ours, from, ours.length)),
                HexFormat.of().formatHex(Arrays.copyOfRange(again, from, again.length)), name + " body after recompiling");
    }

    /**
     * iasl 20200925 cannot disassemble an RSDP (not even its own template), so the RSDP is written
     * in iasl's data-table language with our field values; iasl computes both checksums itself.
     */
    private void rsdpCompiledByIaslEqualsOurs(Path iasl, byte[] ours) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ours).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        String oem = new String(ours, 9, 6, java.nio.charset.StandardCharsets.US_ASCII);
        String src = "[0008]                          Signature : \"RSD PTR \"\n"
                + "[0001]                           Checksum : 00\n"
                + "[0006]                             Oem ID : \"" + oem + "\"\n"
                + "[0001]                           Revision : 02\n"
                + String.format("[0004]                       RSDT Address : %08X%n", b.getInt(16))
                + "[0004]                             Length : 00000024\n"
                + String.format("[0008]                       XSDT Address : %016X%n", b.getLong(24))
                + "[0001]                  Extended Checksum : 00\n"
                + "[0003]                           Reserved : 000000\n";
        Files.writeString(dir.resolve("rsdp.asl"), src);
        Peers.Result r = Peers.run(dir, iasl.toString(), "-p", "rsdp_re", "rsdp.asl");
        assertEquals(0, r.exitCode(), "iasl could not compile the RSDP:\n" + r.output());
        byte[] theirs = Files.readAllBytes(dir.resolve("rsdp_re.aml"));
        assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(ours));
    }
}
