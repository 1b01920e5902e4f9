package io.jvtpm.acpi.aml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NameString parsing and encoding (ACPI 6.5 section 20.2.2). */
class NameStringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "TPM | 54504d5f | TPM_",
        "_SB | 5f53425f | _SB_",
        "A1 | 41315f5f | A1__",
        "\\ | 5c00 | \\",
        "\\_SB | 5c5f53425f | \\_SB_",
        "\\_SB.PCI0 | 5c2e5f53425f50434930 | \\_SB_.PCI0",
        "\\_SB.PCI0.S08 | 5c2f035f53425f504349305330385f | \\_SB_.PCI0.S08_",
        "^PPRQ | 5e50505251 | ^PPRQ",
        "^^X.Y | 5e5e2e585f5f5f595f5f5f | ^^X___.Y___",
        "TPM.TPFN | 2e54504d5f5450464e | TPM_.TPFN",
    })
    void encodes(String asl, String hex, String shown) {
        NameString n = NameString.of(asl);
        assertEquals(hex, HexFormat.of().formatHex(n.toBytes()));
        assertEquals(shown, n.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TOOLONG", "tpm", "1ABC", "A-B", "\\^A", "A..B", "A.", "\\_SB."})
    void rejectsBadNames(String asl) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameString.of(asl));
        assertTrue(e.getMessage().contains("name") || e.getMessage().contains("ACPI"), e.getMessage());
    }
}
