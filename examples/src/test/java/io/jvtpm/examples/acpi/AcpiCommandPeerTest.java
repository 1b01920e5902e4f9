package io.jvtpm.examples.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Peer test: iasl disassembles every file {@code jvtpm acpi} writes; acpiexec finds the TPM device. */
@Tag("peer")
class AcpiCommandPeerTest {

    @TempDir
    Path dir;

    static String exec(Path dir, String... cmd) throws Exception {
        Peers.Result r = Peers.run(dir, cmd);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + "\n" + r.output());
        return r.output();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tis", "crb"})
    void iaslDisassemblesEveryTableAndAcpiexecFindsTheTpm(String tpm) throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        Path acpiexec = Peers.require("acpiexec", "acpica-tools");
        assertEquals(0, AcpiCommand.run(new String[] {"--tpm", tpm, "--ppi", "smi", "--out", dir.toString()}));
        for (String t : List.of("xsdt", "fadt", "facs", "madt", "dsdt", "tpm2")) {
            exec(dir, iasl.toString(), "-d", t + ".dat");
            String dsl = Files.readString(dir.resolve(t + ".dsl"));
            assertFalse(dsl.contains("**** "), t + ":\n" + dsl);
            exec(dir, iasl.toString(), "-p", t + "_re", t + ".dsl");
        }
        String out = exec(dir, acpiexec.toString(), "-b", "evaluate \\_SB.TPM._STA", "dsdt.aml");
        assertTrue(out.contains("[Integer] = 000000000000000F"), out);
        String s5 = exec(dir, acpiexec.toString(), "-b", "evaluate \\_S5", "dsdt.aml");
        assertTrue(s5.contains("[Package] Contains 4 Elements"), s5);
        String tpm2 = Files.readString(dir.resolve("tpm2.dsl"));
        assertTrue(tpm2.contains(tpm.equals("tis") ? "Start Method : 06" : "Start Method : 07"), tpm2);
    }
}
