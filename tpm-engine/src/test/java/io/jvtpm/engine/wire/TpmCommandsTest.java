package io.jvtpm.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed commands' bytes as TPM 2.0 Library Part 3 lays them out, and the response parser. */
class TpmCommandsTest {
    private static final HexFormat HEX = HexFormat.of();
    /** An empty-password TPM_RS_PW session with its authorizationSize. */
    private static final String PW = "00000009" + "40000009" + "0000" + "00" + "0000";

    @Test
    void headerOnlyCommands() {
        assertEquals("80010000000c000001440000", HEX.formatHex(TpmCommands.startup(TpmSu.CLEAR)));
        assertEquals("80010000000c000001450001", HEX.formatHex(TpmCommands.shutdown(TpmSu.STATE)));
        assertEquals("80010000000b0000014301", HEX.formatHex(TpmCommands.selfTest(true)));
        assertEquals("80010000000c0000017b0020", HEX.formatHex(TpmCommands.getRandom(32)));
        assertEquals("8001000000160000017a000000050000000000000001", HEX.formatHex(TpmCommands.getCapabilityPcrs()));
    }

    @Test
    void pcrExtendWithPasswordSession() {
        byte[] d1 = new byte[20];
        d1[0] = 0x11;
        byte[] d256 = new byte[32];
        d256[31] = 0x22;
        byte[] cmd = TpmCommands.pcrExtend(8, List.of(new TaggedHash(HashAlgorithm.SHA1, d1),
                new TaggedHash(HashAlgorithm.SHA256, d256)));
        String expected = "8002" + "00000057" + "00000182" + "00000008" + PW
                + "00000002" + "0004" + "11" + "00".repeat(19) + "000b" + "00".repeat(31) + "22";
        assertEquals(expected, HEX.formatHex(cmd));
    }

    @Test
    void dictionaryAttackCommands() {
        assertEquals("80020000001b000001394000000a" + PW,
                HEX.formatHex(TpmCommands.dictionaryAttackLockReset(AuthCommand.emptyPassword())));
        assertEquals("80020000001e000001394000000a" + "0000000c" + "40000009" + "0000" + "00" + "0003" + "6c6b31",
                HEX.formatHex(TpmCommands.dictionaryAttackLockReset(AuthCommand.password(new byte[] {'l', 'k', '1'}))));
        assertEquals("800200000027" + "0000013a" + "4000000a" + PW + "00000005" + "00000e10" + "00015180",
                HEX.formatHex(TpmCommands.dictionaryAttackParameters(AuthCommand.emptyPassword(),
                        new DaParameters(5, 3600, 86400))));
    }

    @Test
    void platformCommands() {
        assertEquals("80020000001b000001264000000c" + PW, HEX.formatHex(TpmCommands.clear(TpmRh.PLATFORM)));
        assertEquals("80020000001c000001274000000c" + PW + "00",
                HEX.formatHex(TpmCommands.clearControl(TpmRh.PLATFORM, false)));
        assertEquals("80020000001b000001244000000c" + PW, HEX.formatHex(TpmCommands.changeEps()));
        assertEquals("80020000001b000001254000000c" + PW, HEX.formatHex(TpmCommands.changePps()));
        assertEquals("800200000020000001214000000c" + PW + "4000000b" + "00",
                HEX.formatHex(TpmCommands.hierarchyControl(TpmRh.PLATFORM, TpmRh.ENDORSEMENT, false)));
        assertEquals("80020000002b" + "0000012b" + "4000000c" + PW + "00000002" + "000403000000" + "000b03ffffff",
                HEX.formatHex(TpmCommands.pcrAllocate(TpmRh.PLATFORM, List.of(new PcrSelection(HashAlgorithm.SHA1, 0),
                        new PcrSelection(HashAlgorithm.SHA256, PcrSelection.ALL_PCRS)))));
    }

    @Test
    void hierarchyAuthorizationWithAPassword() {
        String pw = "0000000b" + "40000009" + "0000" + "00" + "0002" + "abcd";
        assertEquals("800200000023" + "00000129" + "4000000c" + pw + "0004" + "01020304",
                HEX.formatHex(TpmCommands.hierarchyChangeAuth(TpmRh.PLATFORM, new byte[] {(byte) 0xab, (byte) 0xcd},
                        new byte[] {1, 2, 3, 4})));
        assertEquals("800200000022" + "00000121" + "4000000c" + pw + "4000000c" + "00",
                HEX.formatHex(TpmCommands.hierarchyControl(TpmRh.PLATFORM, new byte[] {(byte) 0xab, (byte) 0xcd},
                        TpmRh.PLATFORM, false)));
        assertEquals("800200000023" + "00000128" + "4000000c" + PW + "0000000000001000",
                HEX.formatHex(TpmCommands.clockSet(TpmRh.PLATFORM, 0x1000)));
        assertEquals("800200000023" + "00000128" + "40000001" + PW + "0000000000001000",
                HEX.formatHex(TpmCommands.clockSet(0x1000)));
    }

    @Test
    void pcrReadOfOnePcr() {
        assertEquals("800100000014" + "0000017e" + "00000001" + "000b" + "03" + "000001",
                HEX.formatHex(TpmCommands.pcrRead(HashAlgorithm.SHA256, 16)));
    }

    @Test
    void builderWithHandlesSessionsAndParameters() {
        byte[] cmd = CommandBuilder.of(0x0000_FFFF).handle(0x8000_0000).handle(TpmRh.OWNER)
                .auth(new AuthCommand(0x0200_0000, new byte[] {1, 2}, TpmaSession.CONTINUE_SESSION, new byte[] {3}))
                .emptyPassword().u8(1).u16(2).u32(3).u64(4).tpm2b(new byte[] {5}).build();
        String expected = "8002" + "0000003d" + "0000ffff" + "80000000" + "40000001"
                + "00000015" + "02000000" + "00020102" + "01" + "000103" + "40000009" + "0000" + "00" + "0000"
                + "01" + "0002" + "00000003" + "0000000000000004" + "000105";
        assertEquals(expected, HEX.formatHex(cmd));
    }

    @Test
    void parsesCapabilityPcrsOfAnyBank() {
        String rsp = "8001" + "0000002b" + "00000000" + "00" + "00000005" + "00000004"
                + "0004" + "03" + "000000"
                + "000b" + "03" + "ffffff"
                + "000c" + "03" + "010000"
                + "0012" + "03" + "000000";
        TpmResponse r = TpmResponse.parse(HEX.parseHex(rsp));
        assertTrue(r.ok());
        assertEquals(List.of(new PcrSelection(0x0004, 0), new PcrSelection(0x000B, 0xFFFFFF),
                new PcrSelection(0x000C, 1), new PcrSelection(TpmAlgId.SM3_256.value(), 0)), r.capabilityPcrs());
    }

    @Test
    void parsesTaggedTpmProperties() {
        String rsp = "8001" + "00000023" + "00000000" + "01" + "00000006" + "00000002"
                + "00000100" + "322e3000" + "00000105" + "494e5443";
        List<TaggedProperty> p = TpmResponse.parse(HEX.parseHex(rsp)).tpmProperties();
        assertEquals(List.of(new TaggedProperty(0x100, 0x322e3000), new TaggedProperty(0x105, 0x494e5443)), p);
        assertTrue(p.get(1).is(TpmPt.MANUFACTURER));
        String overlong = "8001" + "0000001b" + "00000000" + "00" + "00000006" + "00000002" + "00000100" + "322e3000";
        assertThrows(MalformedResponseException.class,
                () -> TpmResponse.parse(HEX.parseHex(overlong)).tpmProperties(), "a count past the data");
        String pcrs = "8001" + "00000013" + "00000000" + "00" + "00000005" + "00000000";
        assertThrows(MalformedResponseException.class, () -> TpmResponse.parse(HEX.parseHex(pcrs)).tpmProperties());
    }

    @Test
    void parsesParametersAfterHandlesAndParameterSize() {
        String rsp = "8002" + "0000001b" + "00000000" + "80000001" + "00000004" + "00021122" + "0000" + "01" + "0000";
        TpmResponse r = TpmResponse.parse(HEX.parseHex(rsp));
        assertEquals(0x8000_0001, r.handle(0));
        assertArrayEquals(new byte[] {0x11, 0x22}, r.read(1, rd -> rd.tpm2b(rd.remaining())));
    }

    @Test
    void rejectsMalformedResponses() {
        assertThrows(MalformedResponseException.class, () -> TpmResponse.parse(new byte[4]));
        assertThrows(MalformedResponseException.class, () -> TpmResponse.parse(HEX.parseHex("80010000000b00000000")));
        TpmResponse truncated = TpmResponse.parse(HEX.parseHex("80010000001300000000000000000500000001"));
        assertThrows(MalformedResponseException.class, truncated::capabilityPcrs);
        TpmResponse otherCap = TpmResponse.parse(HEX.parseHex("8001000000140000000000000000060000000000"));
        assertThrows(MalformedResponseException.class, otherCap::capabilityPcrs);
        TpmResponse error = TpmResponse.parse(TpmWire.errorResponse(TpmRc.INITIALIZE));
        assertFalse(error.ok());
        assertTrue(error.is(TpmRc.INITIALIZE));
        assertThrows(MalformedResponseException.class, () -> error.handle(0));
    }
}
