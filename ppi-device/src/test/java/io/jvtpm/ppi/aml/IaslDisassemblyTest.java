package io.jvtpm.ppi.aml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.testing.Peers;
import io.jvtpm.ppi.PpiTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Disassembles a DSDT holding the PPI/MOR terms with ACPICA's iasl and compares the TPM device's
 * PPI part (from OperationRegion TPP2 on, indentation removed) with a golden ASL text; for the
 * memory transport that text has the same logic, line for line, as the Device(TPM) QEMU 7.2
 * gives its guests. The disassembly must also compile again without errors.
 */
@Tag("peer")
class IaslDisassemblyTest {

    @TempDir
    Path dir;

    private String run(Path cwd, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "iasl finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(PpiTransport.class)
    void disassemblyShowsTheExpectedLogic(PpiTransport transport) throws Exception {
        Path iasl = Peers.require("iasl");
        Path aml = dir.resolve("dsdt.aml");
        Files.write(aml, TestDsdt.withTpm(PpiAml.deviceTerms(transport), List.of()));
        run(dir, iasl.toString(), "-d", aml.toString());
        List<String> lines = Files.readAllLines(dir.resolve("dsdt.dsl"));
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("OperationRegion (TPP2")) {
                from = i;
                break;
            }
        }
        assertTrue(from >= 0, "TPP2 in the disassembly");
        String ppi = lines.subList(from, lines.size()).stream().map(String::strip)
                .collect(Collectors.joining("\n", "", "\n"));
        Golden.checkBytes("ppi-dsm-" + transport.name().toLowerCase() + ".dsl", ppi.getBytes(StandardCharsets.UTF_8));

        assertTrue(ppi.contains("Return (\"1.3\")"), ppi);
        assertTrue(ppi.contains("If ((Arg0 == ToUUID (\"3dddfaa6-361b-4eb4-a424-8d10089d1653\")"), ppi);
        assertTrue(ppi.contains("If ((Arg0 == ToUUID (\"376054ed-cc13-4675-901c-4756d7f2d45d\")"), ppi);
        assertTrue(ppi.contains("MOVV = Local0"), ppi);
        if (transport == PpiTransport.MEMORY) {
            assertTrue(ppi.contains("OperationRegion (TPP1, SystemMemory, (0xFED45000 + Arg0), One)"), ppi);
            assertTrue(ppi.contains("If (((Local1 & 0x07) == 0x02))\n{\nReturn (0x03)"), ppi);
        } else {
            assertTrue(ppi.contains("OperationRegion (SMIP, SystemIO, 0xB2, One)"), ppi);
            assertTrue(ppi.contains("SMIC = 0xA5\nReturn (FRET)"), ppi);
        }

        Path re = Files.createDirectory(dir.resolve("recompile"));
        Files.copy(dir.resolve("dsdt.dsl"), re.resolve("dsdt.dsl"));
        String out = run(re, iasl.toString(), re.resolve("dsdt.dsl").toString());
        assertTrue(out.contains("Compilation successful. 0 Errors"), out);
    }
}
