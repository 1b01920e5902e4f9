package io.jvtpm.acpi.aml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jvtpm.engine.testing.Golden;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Every construct of {@link AmlCases} against its golden bytes (ACPI 6.5 chapter 20 encodings). */
class AmlGoldenTest {

    @Test
    void constructsMatchGoldenBytes() throws Exception {
        StringBuilder b = new StringBuilder();
        for (AmlCases.Case c : AmlCases.all()) {
            String hex = HexFormat.of().formatHex(Asl.encode(c.terms()));
            b.append(c.id()).append(' ').append(hex).append('\n');
        }
        Golden.checkText("aml-constructs.txt", b.toString());
    }

    @Test
    void encodingIsStableAcrossCalls() {
        for (AmlCases.Case c : AmlCases.all()) {
            assertArrayEquals(Asl.encode(c.terms()), Asl.encode(c.terms()), c.id());
        }
    }
}
