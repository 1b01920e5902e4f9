package io.jvtpm.acpi.aml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PkgLength (ACPI 6.5 section 20.2.4) at every width boundary. */
class PkgLengthTest {

    @ParameterizedTest(name = "body {0} -> {1}")
    @CsvSource({
        "0, 01",
        "62, 3f",
        "63, 4104",
        "64, 4204",
        "4093, 4fff",
        "4094, 810001",
        "1048572, 8fffff",
        "1048573, c1000001",
        "1048574, c2000001",
        "268435451, cfffffff",
    })
    void packageLengthCountsItself(int body, String hex) {
        AmlSink out = new AmlSink();
        PkgLength.writePackage(out, body);
        assertEquals(hex, HexFormat.of().formatHex(out.toByteArray()));
        assertEquals(body + hex.length() / 2, decode(out.toByteArray()));
    }

    @ParameterizedTest(name = "raw {0} -> {1}")
    @CsvSource({
        "1, 01",
        "8, 08",
        "63, 3f",
        "64, 4004",
        "2048, 4080",
        "4095, 4fff",
        "4096, 800001",
    })
    void rawLengthIsTheValue(int value, String hex) {
        AmlSink out = new AmlSink();
        PkgLength.writeRaw(out, value);
        assertEquals(hex, HexFormat.of().formatHex(out.toByteArray()));
        assertEquals(value, decode(out.toByteArray()));
    }

    @ParameterizedTest
    @CsvSource({"-1", "268435452"})
    void tooLargeOrNegativeIsRefused(int body) {
        assertThrows(IllegalArgumentException.class, () -> PkgLength.writePackage(new AmlSink(), body));
    }

    /** An independent decoder, as the spec describes the encoding. */
    static int decode(byte[] b) {
        int lead = b[0] & 0xFF;
        int follow = lead >>> 6;
        if (follow == 0) {
            return lead & 0x3F;
        }
        int v = lead & 0x0F;
        for (int i = 1; i <= follow; i++) {
            v |= (b[i] & 0xFF) << (4 + 8 * (i - 1));
        }
        return v;
    }
}
