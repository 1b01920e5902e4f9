package io.jvtpm.engine;


import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden response bytes: a fixed script on a seeded in-memory TPM must answer byte for byte as
 * recorded in golden/responses.txt. Run with -Dgolden.update=true to rewrite the file after an
 * intended change.
 */
class GoldenResponsesTest {
    private static final int SEQUENCE = TpmHt.TRANSIENT.first();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] fill(int value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static List<byte[]> script() {
        return List.of(
                TpmCommands.selfTest(true),
                CommandBuilder.of(TpmCc.GET_TEST_RESULT).build(),
                TpmCommands.getRandom(32),
                TpmCommands.getRandom(64),
                CommandBuilder.of(TpmCc.STIR_RANDOM).tpm2b(new byte[] {1, 2, 3, 4}).build(),
                TpmCommands.getRandom(16),
                TpmCommands.getCapability(TpmCap.ALGS, 0, 0x40),
                TpmCommands.getCapability(TpmCap.HANDLES, TpmHt.PERMANENT.first(), 0x40),
                TpmCommands.getCapability(TpmCap.COMMANDS, 0, 0x100),
                TpmCommands.getCapabilityPcrs(),
                TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PT_FIXED, 0x80),
                TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PT_VAR, 0x80),
                TpmCommands.getCapability(TpmCap.PCR_PROPERTIES, 0, 0x20),
                TpmCommands.getCapability(TpmCap.ECC_CURVES, 0, 0x20),
                TpmCommands.getCapability(TpmCap.AUTH_POLICIES, TpmHt.PERMANENT.first(), 0x20),
                TpmCommands.pcrExtend(0, List.of(new TaggedHash(HashAlgorithm.SHA256, fill(0xab, 32)),
                        new TaggedHash(HashAlgorithm.SHA1, fill(0xcd, 20)))),
                CommandBuilder.of(TpmCc.PCR_EVENT).handle(7).emptyPassword().tpm2b(ascii("event")).build(),
                TpmCommands.pcrRead(List.of(new PcrSelection(HashAlgorithm.SHA256, 0x81),
                        new PcrSelection(HashAlgorithm.SHA1, 0x81))),
                CommandBuilder.of(TpmCc.HASH).tpm2b(ascii("abc")).u16(HashAlgorithm.SHA384.id())
                        .u32(TpmRh.OWNER.value()).build(),
                CommandBuilder.of(TpmCc.HASH).tpm2b(ascii("abc")).u16(HashAlgorithm.SHA512.id())
                        .u32(TpmRh.ENDORSEMENT.value()).build(),
                TpmCommands.hashSequenceStart(ascii("sq"), HashAlgorithm.SHA256),
                TpmCommands.sequenceUpdate(SEQUENCE, ascii("sq"), ascii("abc")),
                TpmCommands.sequenceComplete(SEQUENCE, ascii("sq"), ascii("def"), TpmRh.PLATFORM),
                TpmCommands.eventSequenceStart(new byte[0]),
                TpmCommands.eventSequenceComplete(8, SEQUENCE, new byte[0], ascii("ab")),
                TpmCommands.pcrRead(HashAlgorithm.SHA512, 16),
                CommandBuilder.of(TpmCc.HIERARCHY_CHANGE_AUTH).handle(TpmRh.ENDORSEMENT).emptyPassword()
                        .tpm2b(ascii("end\0")).build(),
                TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PT_VAR, 1),
                CommandBuilder.of(TpmCc.INCREMENTAL_SELF_TEST).u32(2).u16(HashAlgorithm.SHA256.id())
                        .u16(HashAlgorithm.SHA1.id()).build(),
                CommandBuilder.of(TpmCc.TEST_PARMS).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.HMAC.value())
                        .u16(HashAlgorithm.SHA384.id()).build(),
                TpmCommands.pcrAllocate(TpmRh.PLATFORM, List.of(new PcrSelection(HashAlgorithm.SHA1, 0xFFFF))),
                TpmCommands.shutdown(TpmSu.CLEAR));
    }

    @Test
    void responsesMatchTheGoldenFile() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InProcessBackend t = TpmTestSupport.started(1234)) {
            for (byte[] cmd : script()) {
                lines.add(TpmTestSupport.hex(cmd) + " -> " + TpmTestSupport.hex(t.execute(0, cmd)));
            }
        }
        String actual = String.join("\n", lines) + "\n";
        Golden.checkText("responses.txt", actual);
    }
}
