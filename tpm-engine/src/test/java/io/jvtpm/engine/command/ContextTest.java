package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ContextSave/ContextLoad (TPM 2.0 Library Part 3, 28.2-28.3; Part 1, 30): object contexts load
 * again and again, any flipped bit of a blob or of its sequence is TPM_RC_INTEGRITY, a session
 * context loads only from its latest save, and NULL-hierarchy contexts die with a TPM Reset.
 */
class ContextTest {
    private static byte[] body(byte[] r) {
        return Arrays.copyOfRange(r, 10, r.length);
    }

    private static byte[] contextLoad(InProcessBackend tpm, byte[] context) {
        CommandBuilder c = CommandBuilder.of(TpmCc.CONTEXT_LOAD);
        c.bytes(context);
        return tpm.execute(0, c.build());
    }

    private static byte[] contextSave(InProcessBackend tpm, int handle) {
        byte[] r = tpm.execute(0, CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(handle).build());
        assertEquals(0, rc(r));
        return body(r);
    }

    private static void flush(InProcessBackend tpm, int handle) {
        CommandBuilder f = CommandBuilder.of(TpmCc.FLUSH_CONTEXT);
        f.u32(handle);
        assertEquals(0, rc(tpm.execute(0, f.build())));
    }

    @Test
    void objectContextsLoadRepeatedlyAndRefuseEveryFlippedBit() {
        InProcessBackend tpm = TpmTestSupport.started(21);
        assertEquals(0, rc(PrimaryKeysTest.createPrimary(tpm, PrimaryKeysTest.OWNER,
                PrimaryKeysTest.eccTemplate(new byte[0]))));
        byte[] ctx = contextSave(tpm, 0x80000000);
        flush(tpm, 0x80000000);
        for (int i = 0; i < 2; i++) {
            byte[] r = contextLoad(tpm, ctx);
            assertEquals(0, rc(r));
            flush(tpm, 0x80000000);
        }
        // sequence (8 bytes), savedHandle, hierarchy, then the blob: flip bits in the sequence and the blob
        for (int bit = 0; bit < ctx.length * 8; bit += 5) {
            int at = bit / 8;
            if (at >= 8 && at < 18) {
                continue;
            }
            byte[] bad = ctx.clone();
            bad[at] ^= (byte) (1 << (bit % 8));
            byte[] r = contextLoad(tpm, bad);
            int code = rc(r);
            boolean refused = code == TpmRc.INTEGRITY.param(1) || code == TpmRc.SIZE.param(1)
                    || code == TpmRc.INSUFFICIENT.param(1) || code == TpmRc.SIZE.value();
            assertEquals(true, refused, "bit " + bit + ": rc 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void nullHierarchyContextsDieWithATpmReset() {
        InProcessBackend tpm = TpmTestSupport.started(22);
        assertEquals(0, rc(PrimaryKeysTest.createPrimary(tpm, 0x40000007, PrimaryKeysTest.eccTemplate(new byte[0]))));
        byte[] ctx = contextSave(tpm, 0x80000000);
        tpm.init();
        assertEquals(0, rc(tpm.execute(0, TpmCommands.startup(TpmSu.CLEAR))));
        assertEquals(TpmRc.INTEGRITY.param(1), rc(contextLoad(tpm, ctx)));
    }

    @Test
    void aSessionContextLoadsOnlyFromItsLatestSave() {
        InProcessBackend tpm = TpmTestSupport.started(23);
        CommandBuilder start = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(TpmRh.NULL);
        start.tpm2b(new byte[16]).u16(0).u8(0x01).u16(0x0010).u16(0x000B);
        byte[] r = tpm.execute(0, start.build());
        assertEquals(0, rc(r));
        int session = ((r[10] & 0xFF) << 24) | ((r[11] & 0xFF) << 16) | ((r[12] & 0xFF) << 8) | (r[13] & 0xFF);
        assertEquals(0x03000000, session & 0xFF000000);
        byte[] first = contextSave(tpm, session);
        assertEquals(0, rc(contextLoad(tpm, first)));
        byte[] second = contextSave(tpm, session);
        assertEquals(TpmRc.HANDLE.param(1), rc(contextLoad(tpm, first)), "an older save is a replay");
        assertEquals(0, rc(contextLoad(tpm, second)));
        flush(tpm, session);
        assertEquals(TpmRc.HANDLE.param(1), rc(contextLoad(tpm, second)), "a flushed session does not come back");
    }

    /** Linux's resource manager takes TPM_RC_REFERENCE_H0 from ContextSave as "this session is gone". */
    @Test
    void savingASessionThatIsNotLoadedAnswersReferenceH0() {
        InProcessBackend tpm = TpmTestSupport.started(24);
        CommandBuilder start = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(TpmRh.NULL);
        start.tpm2b(new byte[16]).u16(0).u8(0x01).u16(0x0010).u16(0x000B);
        byte[] r = tpm.execute(0, start.build());
        assertEquals(0, rc(r));
        int session = ((r[10] & 0xFF) << 24) | ((r[11] & 0xFF) << 16) | ((r[12] & 0xFF) << 8) | (r[13] & 0xFF);
        contextSave(tpm, session);
        CommandBuilder again = CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(session);
        assertEquals(TpmRc.REFERENCE_H0.value(), rc(tpm.execute(0, again.build())), "saved, so not loaded");
        CommandBuilder never = CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(0x02000005);
        assertEquals(TpmRc.REFERENCE_H0.value(), rc(tpm.execute(0, never.build())), "never started");
    }
}
