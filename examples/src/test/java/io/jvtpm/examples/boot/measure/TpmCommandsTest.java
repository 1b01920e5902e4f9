package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TpmCommandsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void startupAndGetCapabilityBytes() {
        assertEquals("80010000000c000001440000", HEX.formatHex(TpmCommands.startupClear()));
        assertEquals("8001000000160000017a000000050000000000000001", HEX.formatHex(TpmCommands.getCapabilityPcrs()));
    }

    @Test
    void pcrExtendWithPasswordSession() {
        byte[] d1 = new byte[20];
        d1[0] = 0x11;
        byte[] d256 = new byte[32];
        d256[31] = 0x22;
        byte[] cmd = TpmCommands.pcrExtend(8, List.of(HashAlgorithm.SHA1, HashAlgorithm.SHA256),
                Map.of(HashAlgorithm.SHA1, d1, HashAlgorithm.SHA256, d256));
        String expected = "8002" + "00000057" + "00000182" + "00000008"
                + "00000009" + "40000009" + "0000" + "00" + "0000"
                + "00000002" + "0004" + "11" + "00".repeat(19) + "000b" + "00".repeat(31) + "22";
        assertEquals(expected, HEX.formatHex(cmd));
        assertEquals(0x57, cmd.length);
    }

    @Test
    void parsesActiveBanks() {
        String rsp = "8001" + "0000002b" + "00000000" + "00" + "00000005" + "00000004"
                + "0004" + "03" + "000000"
                + "000b" + "03" + "ffffff"
                + "000c" + "03" + "010000"
                + "0012" + "03" + "000000";
        assertEquals(List.of(0x000B, 0x000C), TpmCommands.activeBankIds(HEX.parseHex(rsp)));
        assertEquals(0, TpmCommands.responseCode(HEX.parseHex(rsp)));
    }

    @Test
    void rejectsMalformedResponses() {
        assertThrows(IllegalStateException.class, () -> TpmCommands.responseCode(new byte[4]));
        assertThrows(IllegalStateException.class, () -> TpmCommands.responseCode(HEX.parseHex("80010000000b00000000")));
        assertThrows(IllegalStateException.class,
                () -> TpmCommands.activeBankIds(HEX.parseHex("80010000001200000000000000000500000001")));
        assertThrows(IllegalStateException.class,
                () -> TpmCommands.activeBankIds(HEX.parseHex("8001000000130000000000000000060000000000")));
    }
}
