package io.jvtpm.ppi.aml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.engine.testing.Golden;
import io.jvtpm.ppi.PpiTransport;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PpiAmlTest {

    private static byte[] aml(PpiTransport t) {
        return Asl.encode(PpiAml.deviceTerms(t));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return HexFormat.of().formatHex(hay).contains(HexFormat.of().formatHex(needle));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void memoryTransportGolden() throws Exception {
        Golden.checkBytes("ppi-dsm-memory.aml", aml(PpiTransport.MEMORY));
    }

    @Test
    void smiTransportGolden() throws Exception {
        Golden.checkBytes("ppi-dsm-smi.aml", aml(PpiTransport.SMI));
    }

    @Test
    void regionsSitOnThePage() {
        byte[] m = aml(PpiTransport.MEMORY);
        // OperationRegion(TPP2, SystemMemory, 0xFED45100, 0x5A)
        assertTrue(contains(m, HexFormat.of().parseHex("5b805450503200" + "0c0051d4fe" + "0a5a")));
        // OperationRegion(TPP3, SystemMemory, 0xFED4515A, One)
        assertTrue(contains(m, HexFormat.of().parseHex("5b805450503300" + "0c5a51d4fe" + "01")));
        // both UUIDs, as ToUUID lays out their bytes
        assertTrue(contains(m, HexFormat.of().parseHex("a6fadd3d1b36b44ea4248d10089d1653")));
        assertTrue(contains(m, HexFormat.of().parseHex("ed54603713cc7546901c4756d7f2d45d")));
        assertTrue(contains(m, ascii("TPFN")));
        assertFalse(contains(m, ascii("SMIC")));
    }

    @Test
    void smiTransportWritesItsCommandToPortB2() {
        byte[] s = Asl.encode(PpiAml.deviceTerms(PpiTransport.SMI, 0x5C));
        // OperationRegion(SMIP, SystemIO, 0xB2, One)
        assertTrue(contains(s, HexFormat.of().parseHex("5b80534d495001" + "0ab2" + "01")));
        // Store(0x5C, SMIC)
        assertTrue(contains(s, HexFormat.of().parseHex("700a5c534d4943")));
        assertFalse(contains(s, ascii("TPFN")));
        assertEquals(aml(PpiTransport.SMI).length, s.length);
    }

    @Test
    void smiCommandMustBeAByte() {
        assertThrows(IllegalArgumentException.class, () -> PpiAml.deviceTerms(PpiTransport.SMI, 0x100));
        assertThrows(IllegalArgumentException.class, () -> PpiAml.deviceTerms(PpiTransport.SMI, -1));
    }
}
