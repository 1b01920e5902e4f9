package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.TpmCc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command table's named attributes and the TPMA_CC they make (TPM 2.0 Library Part 2, 8.9). */
class CommandTableTest {
    private final CommandTable table = new CommandTable();

    @Test
    void tpmaCcFromNamedAttributes() {
        // EventSequenceComplete: nv, flushed, two handles
        assertEquals(0x05400185, table.lookup(TpmCc.EVENT_SEQUENCE_COMPLETE.value()).attributes());
        // CreatePrimary: one handle, rHandle
        assertEquals(0x12000131, table.lookup(TpmCc.CREATE_PRIMARY.value()).attributes());
        CommandSpec flush = table.lookup(TpmCc.FLUSH_CONTEXT.value());
        assertTrue(flush.noSessions());
        assertEquals(0x00000165, flush.attributes(), "noSessions is no TPMA_CC bit");
        assertEquals(Set.of(CommandAttribute.NV), table.lookup(TpmCc.PCR_EXTEND.value()).flags());
        assertEquals(List.of(AuthRole.DUP, AuthRole.NONE), table.lookup(TpmCc.DUPLICATE.value()).roles());
        assertEquals(1, table.lookup(TpmCc.DUPLICATE.value()).authHandles());
        assertFalse(table.lookup(TpmCc.GET_RANDOM.value()).rHandle());
        assertNull(table.lookup(0x1FF));
    }

    /**
     * Every command in the table allows decrypt and encrypt sessions exactly as Part 3's
     * "decrypt" and "encrypt" columns say, transcribed for all of Part 3's commands in
     * command/parameter-encryption.txt.
     */
    @Test
    void parameterEncryptionAsPart3Says() throws IOException {
        Map<Integer, String> part3 = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/command/parameter-encryption.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" +");
                part3.put(Integer.decode(f[0]), f[1] + " " + f[2] + " " + f[3]);
            }
        }
        assertTrue(part3.size() > 120, "the transcription lists Part 3's commands");
        List<String> wrong = new ArrayList<>();
        for (CommandSpec s : table.all()) {
            String want = part3.get(s.cc().value());
            String name = want == null ? "?" : want.split(" ")[0];
            String got = name + " " + (s.allowsDecrypt() ? "decrypt" : "-") + " "
                    + (s.allowsEncrypt() ? "encrypt" : "-");
            if (!got.equals(want)) {
                wrong.add(s.cc() + ": table says " + got + ", Part 3 says " + want);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void builderRowsAreImmutable() {
        CommandSpec s = CommandSpec.command(TpmCc.GET_RANDOM, c -> { }).nv().build();
        assertThrows(UnsupportedOperationException.class, () -> s.flags().add(CommandAttribute.FLUSHED));
        assertThrows(UnsupportedOperationException.class, () -> s.handles().add(HandleKind.DH_PCR));
    }
}
