package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import org.junit.jupiter.api.Test;

class CountingBackendTest {

    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);
    private static final byte[] GET_RANDOM_8 = TpmCommands.getRandom(8);

    @Test
    void countsEveryCommandAndPassesTheResponseThrough() {
        try (InProcessBackend engine = InProcessBackend.inMemory(7)) {
            CountingBackend counted = new CountingBackend(engine, System.nanoTime());
            counted.init();
            assertEquals(0, counted.commands());
            byte[] startup = counted.execute(0, STARTUP_CLEAR);
            assertEquals(0, CountingBackend.headerWord(startup), "Startup(CLEAR) succeeds");
            byte[] random = counted.execute(0, GET_RANDOM_8);
            assertEquals(0, CountingBackend.headerWord(random));
            assertEquals(10 + 2 + 8, random.length);
            assertEquals(2, counted.commands());
            byte[] again = counted.execute(0, STARTUP_CLEAR);
            assertEquals(0x100, CountingBackend.headerWord(again), "a second Startup gives TPM_RC_INITIALIZE");
            assertEquals(3, counted.commands());
        }
    }

    @Test
    void notesWhetherTheGuestsLastCommandWasASuccessfulShutdown() {
        try (InProcessBackend engine = InProcessBackend.inMemory(7)) {
            CountingBackend counted = new CountingBackend(engine, System.nanoTime());
            counted.init();
            counted.execute(0, STARTUP_CLEAR);
            assertFalse(counted.guestShutDown());
            counted.execute(0, TpmCommands.shutdown(TpmSu.CLEAR));
            assertTrue(counted.guestShutDown(), "TPM2_Shutdown(CLEAR) succeeded");
            counted.execute(0, GET_RANDOM_8);
            assertFalse(counted.guestShutDown(), "a command after it");
            byte[] state = counted.execute(0, TpmCommands.shutdown(TpmSu.STATE));
            counted.execute(0, TpmCommands.shutdown(TpmSu.CLEAR));
            assertTrue(counted.guestShutDown());
            counted.newBoot();
            assertFalse(counted.guestShutDown(), "a new boot starts without");
            assertEquals(0, CountingBackend.headerWord(state), "a second Shutdown is answered too");
        }
    }

    @Test
    void headerWordIsTheCodeAtBytesSixToNine() {
        assertEquals(0x144, CountingBackend.headerWord(STARTUP_CLEAR));
        assertEquals(-1, CountingBackend.headerWord(new byte[9]));
        assertEquals(-1, CountingBackend.headerWord(null));
        byte[] rc = {(byte) 0x80, 0x01, 0, 0, 0, 0x0A, (byte) 0x80, 0, 0x09, 0x22};
        assertEquals(0x80000922, CountingBackend.headerWord(rc));
    }

    @Test
    void exitStatsDivideExitsByCommands() {
        TpmExitStats s = new TpmExitStats("tpm-tis", 4, 30, 10);
        assertEquals(40, s.mmioExits());
        assertEquals(10.0, s.exitsPerCommand());
        assertEquals("tpm-tis: 4 TPM commands, 40 MMIO exits (30 reads, 10 writes), 10.0 exits per command;"
                + " 0 more writes without an exit (coalesced)", s.describe());
        assertEquals(0.0, new TpmExitStats("tpm-crb", 0, 5, 0).exitsPerCommand());
        TpmExitStats c = new TpmExitStats("tpm-tis", 2, 30, 10, 50);
        assertEquals(20.0, c.exitsPerCommand(), "coalesced writes are no exits");
        assertEquals(50, c.coalescedWrites());
    }
}
