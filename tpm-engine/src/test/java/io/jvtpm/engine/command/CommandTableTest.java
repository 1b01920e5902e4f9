package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.TpmCc;
import java.util.List;
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

    @Test
    void builderRowsAreImmutable() {
        CommandSpec s = CommandSpec.command(TpmCc.GET_RANDOM, c -> { }).nv().build();
        assertThrows(UnsupportedOperationException.class, () -> s.flags().add(CommandAttribute.FLUSHED));
        assertThrows(UnsupportedOperationException.class, () -> s.handles().add(HandleKind.DH_PCR));
    }
}
