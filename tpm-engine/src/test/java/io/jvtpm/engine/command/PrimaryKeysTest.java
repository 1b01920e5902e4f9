package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformClock;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import org.junit.jupiter.api.Test;

/**
 * TPM2_CreatePrimary through the dispatcher (TPM 2.0 Library Part 3, 24.1; Part 1 "Primary Key
 * Generation"): the same hierarchy seed and template give the same key across restarts, another
 * unique field or hierarchy another key; ChangeEPS and Clear change the endorsement and storage
 * primaries; the object slots run out with TPM_RC_OBJECT_MEMORY.
 */
class PrimaryKeysTest {
    static final int OWNER = 0x40000001;
    static final int ENDORSEMENT = 0x4000000B;
    static final int PLATFORM = 0x4000000C;
    static final int LOCKOUT = 0x4000000A;

    /** An ECC P-256 storage key template (TPMT_PUBLIC) with the given unique x. */
    static byte[] eccTemplate(byte[] uniqueX) {
        TpmWriter w = new TpmWriter(128);
        w.u16(0x0023).u16(0x000B).u32(0x00030472).u16(0);
        w.u16(0x0006).u16(128).u16(0x0043).u16(0x0010).u16(0x0003).u16(0x0010);
        w.tpm2b(uniqueX).u16(0);
        return w.toByteArray();
    }

    static byte[] createPrimary(InProcessBackend tpm, int hierarchy, byte[] template) {
        CommandBuilder c = CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(hierarchy).emptyPassword();
        c.u16(4).u16(0).u16(0).tpm2b(template).u16(0).u32(0);
        return tpm.execute(0, c.build());
    }

    /** The outPublic of a CreatePrimary response, and the handle flushed. */
    static String outPublic(InProcessBackend tpm, byte[] r) {
        assertEquals(0, rc(r), () -> "CreatePrimary: " + hex(r));
        TpmReader rd = new TpmReader(r, 10, r.length - 10);
        int handle = rd.u32();
        rd.u32();
        String pub = hex(rd.tpm2b(4096));
        CommandBuilder f = CommandBuilder.of(TpmCc.FLUSH_CONTEXT);
        f.u32(handle);
        assertEquals(0, rc(tpm.execute(0, f.build())));
        return pub;
    }

    private static InProcessBackend start(Platform p) {
        InProcessBackend t = InProcessBackend.onPlatform(p);
        t.init();
        assertEquals(0, rc(t.execute(0, TpmCommands.startup(TpmSu.CLEAR))));
        return t;
    }

    @Test
    void primariesAreDeterministicAcrossRestartsAndFollowSeedAndTemplate() {
        MemoryNvStore nv = new MemoryNvStore();
        Platform p = new Platform(new SeededEntropy(7), PlatformClock.system(), nv, new PlatformSignals());
        InProcessBackend tpm = start(p);
        String srk = outPublic(tpm, createPrimary(tpm, OWNER, eccTemplate(new byte[0])));
        String ek = outPublic(tpm, createPrimary(tpm, ENDORSEMENT, eccTemplate(new byte[0])));
        String other = outPublic(tpm, createPrimary(tpm, OWNER, eccTemplate(new byte[] {1, 2, 3})));
        assertEquals(srk, outPublic(tpm, createPrimary(tpm, OWNER, eccTemplate(new byte[0]))));
        assertNotEquals(srk, ek);
        assertNotEquals(srk, other);
        tpm.close();
        InProcessBackend again = start(new Platform(new SeededEntropy(99), PlatformClock.system(), nv,
                new PlatformSignals()));
        assertEquals(srk, outPublic(again, createPrimary(again, OWNER, eccTemplate(new byte[0]))));
        assertEquals(ek, outPublic(again, createPrimary(again, ENDORSEMENT, eccTemplate(new byte[0]))));

        assertEquals(0, rc(again.execute(0, TpmCommands.changeEps())));
        assertNotEquals(ek, outPublic(again, createPrimary(again, ENDORSEMENT, eccTemplate(new byte[0]))));
        assertEquals(srk, outPublic(again, createPrimary(again, OWNER, eccTemplate(new byte[0]))));
        assertEquals(0, rc(again.execute(0, TpmCommands.clear(TpmRh.LOCKOUT))));
        assertNotEquals(srk, outPublic(again, createPrimary(again, OWNER, eccTemplate(new byte[0]))));
    }

    @Test
    void theNullHierarchyChangesAtEveryTpmReset() {
        InProcessBackend tpm = io.jvtpm.engine.TpmTestSupport.started(3);
        String first = outPublic(tpm, createPrimary(tpm, 0x40000007, eccTemplate(new byte[0])));
        assertEquals(first, outPublic(tpm, createPrimary(tpm, 0x40000007, eccTemplate(new byte[0]))));
        tpm.init();
        assertEquals(0, rc(tpm.execute(0, TpmCommands.startup(TpmSu.CLEAR))));
        assertNotEquals(first, outPublic(tpm, createPrimary(tpm, 0x40000007, eccTemplate(new byte[0]))));
    }

    @Test
    void slotsRunOutWithObjectMemory() {
        InProcessBackend tpm = io.jvtpm.engine.TpmTestSupport.started(5);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, rc(createPrimary(tpm, OWNER, eccTemplate(new byte[0]))));
        }
        assertEquals(TpmRc.OBJECT_MEMORY.value(), rc(createPrimary(tpm, OWNER, eccTemplate(new byte[0]))));
    }

    @Test
    void inconsistentTemplatesGetTheirResponseCodes() {
        InProcessBackend tpm = io.jvtpm.engine.TpmTestSupport.started(5);
        byte[] signAndDecrypt = eccTemplate(new byte[0]);
        signAndDecrypt[5] |= 0x04; // sign (bit 18) with restricted|decrypt
        assertEquals(TpmRc.ATTRIBUTES.param(2), rc(createPrimary(tpm, OWNER, signAndDecrypt)));
        byte[] noFixedParent = eccTemplate(new byte[0]);
        noFixedParent[7] &= ~0x10; // fixedTPM without fixedParent
        assertEquals(TpmRc.ATTRIBUTES.param(2), rc(createPrimary(tpm, OWNER, noFixedParent)));
        byte[] badCurve = eccTemplate(new byte[0]);
        badCurve[19] = 0x7F;
        assertEquals(TpmRc.CURVE.param(2), rc(createPrimary(tpm, OWNER, badCurve)));
        byte[] t = eccTemplate(new byte[0]);
        // symmetric TPM_ALG_NULL: drop keyBits and mode
        byte[] shorter = new byte[t.length - 4];
        System.arraycopy(t, 0, shorter, 0, 12);
        System.arraycopy(t, 16, shorter, 12, t.length - 16);
        shorter[10] = 0x00;
        shorter[11] = 0x10;
        assertEquals(TpmRc.SYMMETRIC.param(2), rc(createPrimary(tpm, OWNER, shorter)));
    }
}
