package io.jvtpm.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.FakeManagedTpm;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The fuzzer's invariants do catch what they are meant to, and say how to reproduce it. */
class HarnessTest {
    private static final byte[] GET_RANDOM = TpmCommands.getRandom(8);

    @Test
    void aHealthyEnginePasses() {
        try (InProcessBackend tpm = TpmTestSupport.started(5);
                Harness h = new Harness(tpm, 5, 10_000, new FuzzStats())) {
            assertEquals(0, TpmWire.responseCode(h.execute(0, GET_RANDOM, "t")));
        }
    }

    @Test
    void aCommandThatDoesNotAnswerInTimeIsAHang() {
        FakeManagedTpm fake = new FakeManagedTpm();
        fake.executeDelayMillis = 5_000;
        try (Harness h = new Harness(fake, 42, 200, new FuzzStats())) {
            AssertionError e = assertThrows(AssertionError.class, () -> h.execute(0, GET_RANDOM, "t"));
            assertTrue(e.getMessage().contains("no answer within 200 ms") && e.getMessage().contains("seed 42")
                    && e.getMessage().contains(TpmTestSupport.hex(GET_RANDOM)), e.getMessage());
        }
    }

    @Test
    void aResponseLongerThanTheBufferOrWithAnotherTagFails() {
        FakeManagedTpm fake = new FakeManagedTpm();
        fake.bufferSize = 12;
        try (Harness h = new Harness(fake, 1, 1_000, new FuzzStats())) {
            AssertionError e = assertThrows(AssertionError.class, () -> h.execute(0, GET_RANDOM, "t"));
            assertTrue(e.getMessage().contains("longer than the buffer"), e.getMessage());
        }
        byte[] withSession = CommandBuilder.of(TpmCc.GET_RANDOM).emptyPassword().u16(8).build();
        try (Harness h = new Harness(new FakeManagedTpm(), 1, 1_000, new FuzzStats())) {
            AssertionError e = assertThrows(AssertionError.class, () -> h.execute(0, withSession, "t"));
            assertTrue(e.getMessage().contains("a success with tag 8001 for a command with tag 8002"), e.getMessage());
        }
    }

    @Test
    void anErrorInTheLogFails() {
        try (InProcessBackend tpm = TpmTestSupport.started(6);
                Harness h = new Harness(tpm, 6, 10_000, new FuzzStats())) {
            LoggerFactory.getLogger(HarnessTest.class).error("a test of the log watch");
            AssertionError e = assertThrows(AssertionError.class, () -> h.execute(0, GET_RANDOM, "t"));
            assertTrue(e.getMessage().contains("a test of the log watch"), e.getMessage());
        }
    }
}
