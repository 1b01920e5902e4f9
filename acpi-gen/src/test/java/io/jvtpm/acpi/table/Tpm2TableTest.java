package io.jvtpm.acpi.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TPM2 table (TCG ACPI Specification 1.3, table 7) equals, byte for byte, the one QEMU 7.2
 * gave a guest for the same inputs (reference/qemu-7.2/*-TPM2.dat).
 */
class Tpm2TableTest {

    static final OemIds QEMU = new OemIds("BOCHS", "BXPC", 1, "BXPC", 1);

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("seabios-tis", Tpm2Table.tis(QEMU, 0x10000, 0x1FFF0000L)),
                Arguments.of("seabios-crb", Tpm2Table.crb(QEMU, Tpm2Table.CRB_CONTROL_AREA, 0x10000, 0x1FFF0000L)),
                Arguments.of("ovmf-tis", Tpm2Table.tis(QEMU, 0x10000, 0x1F7E6000L)),
                Arguments.of("ovmf-crb", Tpm2Table.crb(QEMU, Tpm2Table.CRB_CONTROL_AREA, 0x10000, 0x1F7E6000L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void equalsQemuTable(String variant, Tpm2Table table) throws IOException {
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream("/reference/qemu-7.2/" + variant + "-TPM2.dat")) {
            expected = in.readAllBytes();
        }
        assertEquals(Tpm2Table.SIZE, expected.length);
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(table.toBytes()));
    }

    @Test
    void rejectsWrongParameterLength() {
        assertThrows(IllegalArgumentException.class,
                () -> new Tpm2Table(OemIds.JVTPM, 0, 0, StartMethod.TIS, new byte[4], 0, 0));
    }
}
