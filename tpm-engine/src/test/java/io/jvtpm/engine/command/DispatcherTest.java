package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.cmd;
import static io.jvtpm.engine.TpmTestSupport.raw;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Response codes of command processing (TPM 2.0 Library Part 3, 5; Part 2, 6.6), table-driven. */
class DispatcherTest {
    private static final String Z32 = "0000000000000000000000000000000000000000000000000000000000000000";
    private static final String PW = "00000009 40000009 0000 00 0000";
    private InProcessBackend tpm;

    @BeforeEach
    void start() {
        tpm = TpmTestSupport.started(1);
    }

    @AfterEach
    void stop() {
        tpm.close();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "09a | raw:8001000000 | shorter than a header",
        "09a | raw:80 | one byte",
        "142 | raw:800100000008000001 | size field smaller than the command",
        "142 | raw:80010000000d0000017b0020 | size field larger than the command",
        "01e | 80040000000c0000017b0020 | bad tag",
        "01e | 00c10000000c0000017b0020 | TPM 1.2 tag",
        "095 | 80010000000c0000017b002000 | trailing byte",
        "143 | 8001 00000000 000001ff | unimplemented command",
        "143 | 8001 00000000 0000012f | FieldUpgradeStart is not implemented",
        "100 | 8001 00000000 00000144 0000 | Startup twice",
        "1c4 | 8001 00000000 00000143 02 | SelfTest fullTest not YES/NO",
        "1da | 8001 00000000 00000143 | SelfTest without its parameter",
        "3da | 8001 00000000 0000017a 00000006 00000100 | GetCapability without propertyCount",
        "1c4 | 8001 00000000 0000017a 0000000b 00000000 00000001 | unknown capability",
        "2c4 | 8001 00000000 0000017a 00000005 00000001 00000001 | PCRS with a property",
        "2cb | 8001 00000000 0000017a 00000001 05000000 00000001 | HANDLES of an undefined type",
        "2c4 | 8001 00000000 0000017a 00000009 00000000 00000001 | AUTH_POLICIES outside the permanent range",
        "125 | 8001 00000000 00000182 00000010 00000001 000b " + Z32 + " | PCR_Extend without sessions",
        "184 | 8002 00000000 00000182 0000001e " + PW + " 00000001 000b " + Z32 + " | PCR 30",
        "184 | 8002 00000000 00000182 40000001 " + PW + " 00000001 000b " + Z32 + " | owner as a PCR",
        "1d5 | 8002 00000000 00000182 00000010 " + PW + " 00000005 000b " + Z32 + " | five digests",
        "1c3 | 8002 00000000 00000182 00000010 " + PW + " 00000001 0010 " + Z32 + " | NULL digest algorithm",
        "1da | 8002 00000000 00000182 00000010 " + PW + " 00000001 000b 0000 | short digest",
        "095 | 8002 00000000 00000182 00000010 00000008 40000009 0000 00 0000 00000001 000b " + Z32 + " | authSize 8",
        "98b | 8002 00000000 0000017b " + PW + " 0020 | password session with nothing to authorize",
        "918 | 8002 00000000 0000017b 00000009 02000000 0000 00 0000 0020 | HMAC session not loaded",
        "984 | 8002 00000000 0000017b 00000009 40000001 0000 00 0000 0020 | not a session handle",
        "982 | 8002 00000000 00000182 00000010 00000009 40000009 0000 20 0000 00000001 000b " + Z32 + " | decrypt on a password session",
        "9a1 | 8002 00000000 00000182 00000010 00000009 40000009 0000 08 0000 00000001 000b " + Z32 + " | reserved session bits",
        "a8b | 8002 00000000 00000182 00000010 00000012 40000009 0000 00 0000 40000009 0000 00 0000 00000001 000b " + Z32 + " | two sessions for one handle",
        "9a2 | 8002 00000000 00000182 00000010 0000000a 40000009 0000 00 0001 61 00000001 000b " + Z32 + " | wrong PCR auth",
        "907 | 8002 00000000 0000013d 00000011 " + PW + " | reset PCR 17 from locality 0",
        "907 | 8002 00000000 0000013d 00000000 " + PW + " | reset PCR 0",
        "000 | 8002 00000000 0000013d 00000017 " + PW + " | reset PCR 23",
        "145 | 8002 00000000 00000165 " + PW + " 80000000 | FlushContext with a session",
        "1cb | 8001 00000000 00000165 80000000 | flush an empty slot",
        "1c4 | 8001 00000000 00000165 40000001 | flush a permanent handle",
        "910 | 8002 00000000 0000015c 80000000 " + PW + " 0000 | SequenceUpdate of an empty slot",
        "184 | 8002 00000000 0000015c 80000003 " + PW + " 0000 | SequenceUpdate beyond the object slots",
        "2c3 | 8001 00000000 0000017d 0000 0010 40000007 | Hash with NULL",
        "3c4 | 8001 00000000 0000017d 0000 000b 40000009 | Hash with a bad hierarchy",
        "1d5 | 8001 00000000 0000017d 0401 " + "00" + " | Hash data over MAX_DIGEST_BUFFER",
        "184 | 8002 00000000 00000128 4000000b " + PW + " 0000000100000000 | ClockSet by endorsement",
        "1c4 | 8002 00000000 00000130 40000001 " + PW + " 04 | ClockRateAdjust 4",
        "184 | 8002 00000000 00000129 40000007 " + PW + " 0000 | HierarchyChangeAuth NULL",
        "1d5 | 8002 00000000 00000129 40000001 " + PW + " 0041 " + "61" + " | newAuth over 64 bytes",
        "1ca | 8001 00000000 0000018a 0001 | TestParms RSA is not implemented here",
        "1ca | 8001 00000000 0000018a 0001 0010 0010 0800 00000000 | TestParms RSA parms",
        "1c3 | 8001 00000000 0000018a 0008 0005 0010 | TestParms HMAC with NULL hash",
        "1c4 | 8001 00000000 00000145 0002 | Shutdown with a bad type",
    })
    void answers(String rcHex, String command, String what) {
        byte[] c = command.startsWith("raw:") ? raw(command.substring(4)) : cmd(fix(command));
        byte[] r = tpm.execute(0, c);
        assertEquals(Integer.parseInt(rcHex.trim(), 16), rc(r), what + ": " + TpmTestSupport.hex(r));
        if (rc(r) != 0) {
            assertEquals(10, r.length, "an error response is a bare header");
        }
    }

    /** Oversized TPM2B bodies in the table are written short; pad them so only the size field lies. */
    private static String fix(String c) {
        if (c.contains("0401 00 |") || c.endsWith("0401 00")) {
            return c.replace("0401 00", "0401 " + "00".repeat(1025) + " 000b 40000007");
        }
        if (c.contains(" 0041 61")) {
            return c.replace(" 0041 61", " 0041 " + "61".repeat(65));
        }
        return c;
    }

    static Stream<Integer> implemented() {
        return new CommandTable().all().stream().map(s -> s.cc().value());
    }

    @ParameterizedTest(name = "cc 0x{0}")
    @MethodSource("implemented")
    void everyCommandWantsStartupAfterInit(int cc) {
        try (InProcessBackend t = InProcessBackend.inMemory(2)) {
            byte[] c = CommandBuilder.of(cc).build();
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, c)), "before _TPM_Init");
            t.init();
            int want = cc == 0x144 ? TpmRc.INSUFFICIENT.param(1) : TpmRc.INITIALIZE.value();
            assertEquals(want, rc(t.execute(0, c)), "after _TPM_Init, before Startup");
        }
    }

    @Test
    void unimplementedCodesAreCommandCode() {
        CommandTable table = new CommandTable();
        for (int cc = 0x100; cc < 0x1A0; cc++) {
            if (table.lookup(cc) == null) {
                assertEquals(TpmRc.COMMAND_CODE.value(), rc(tpm.execute(0, CommandBuilder.of(cc).build())),
                        String.format("cc 0x%x", cc));
            }
        }
    }

    @Test
    void getCapabilityCommandsListsExactlyTheTable() {
        byte[] r = tpm.execute(0, TpmCommands.getCapability(TpmCap.COMMANDS, 0, 0xFF));
        assertEquals(0, rc(r));
        List<Integer> listed = new ArrayList<>();
        int count = ((r[15] & 0xFF) << 24) | ((r[16] & 0xFF) << 16) | ((r[17] & 0xFF) << 8) | (r[18] & 0xFF);
        for (int i = 0; i < count; i++) {
            int o = 19 + 4 * i;
            listed.add(((r[o] & 0xFF) << 24) | ((r[o + 1] & 0xFF) << 16) | ((r[o + 2] & 0xFF) << 8) | (r[o + 3] & 0xFF));
        }
        List<Integer> table = new CommandTable().all().stream().map(CommandSpec::attributes).toList();
        assertEquals(table, listed);
        assertEquals(0, r[10], "moreData");
        // paging: one at a time walks the same list
        List<Integer> paged = new ArrayList<>();
        int next = 0;
        while (true) {
            byte[] p = tpm.execute(0, TpmCommands.getCapability(TpmCap.COMMANDS, next, 1));
            int n = p[18];
            if (n == 0) {
                break;
            }
            int attr = ((p[19] & 0xFF) << 24) | ((p[20] & 0xFF) << 16) | ((p[21] & 0xFF) << 8) | (p[22] & 0xFF);
            paged.add(attr);
            next = (attr & 0xFFFF) + 1;
            if (p[10] == 0) {
                break;
            }
        }
        assertEquals(table, paged);
    }

    @Test
    void passwordSessionResponse() {
        byte[] r = tpm.execute(0, TpmTestSupport.extendSha256(16, 0));
        assertArrayEquals(raw("8002 00000013 00000000 00000000 0000 01 0000"), r);
    }

    /** OVMF probes with TPM 1.2 TPM_ORD_GetTicks; a TPM 1.2 response tag would make it pick its TPM 1.2 stack. */
    @Test
    void tpm12ProbeGetsATpm2Answer() {
        byte[] r = tpm.execute(0, raw("00c1 0000000a 000000f1"));
        assertArrayEquals(raw("8001 0000000a 0000001e"), r);
    }
}
