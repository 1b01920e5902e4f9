package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Interrupts;
import io.jvtpm.tis.register.Sts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The four interrupt sources and the level-triggered line (PTP FIFO interrupts, TPM_INT_ENABLE/STATUS_x). */
class InterruptDriverTest {

    @ParameterizedTest
    @EnumSource(TisDriver.Transfer.class)
    void driverSleepsOnTheInterruptInsteadOfPolling(TisDriver.Transfer transfer) {
        Semaphore line = new Semaphore(0);
        TisOptions options = TisOptions.defaults().withInterrupt(asserted -> {
            if (asserted) {
                line.release();
            }
        }, 5);
        FakeTpm tpm = new FakeTpm();
        tpm.delay(3);
        try (TisDevice device = new TisDevice(tpm, options)) {
            assertEquals(5, device.read(0x0C, 1));
            TisDriver driver = new TisDriver(device, 0, transfer, line);
            driver.requestLocality();
            driver.enableInterrupts();
            driver.relinquish();
            assertEquals(GuestDriverTest.expectedTranscript(), Scenario.run(driver, true));
            assertTrue(driver.interruptsTaken > 0, "woken by the interrupt, never by polling: " + driver.interruptsTaken);
            driver.acknowledgeInterrupts();   // commandReady and stsValid of the last command
            assertFalse(device.interruptAsserted(), "every interrupt was acknowledged");
        }
    }

    @Test
    void eachSourceSetsItsStatusBitAndTheLineFollowsTheLevel() {
        List<Boolean> levels = Collections.synchronizedList(new ArrayList<>());
        TisOptions options = TisOptions.defaults().withExecutor(Runnable::run).withInterrupt(levels::add, 7);
        FakeTpm tpm = new FakeTpm();
        try (TisDevice device = new TisDevice(tpm, options)) {
            device.write(0, 1, Access.REQUEST_USE);
            device.write(0x08, 4, Interrupts.TYPE_POLARITY_LOW_LEVEL | Interrupts.ALL_SOURCES);
            device.write(0x18, 1, Sts.COMMAND_READY);
            assertEquals(Interrupts.COMMAND_READY, device.read(0x10, 4), "status is kept without globalIntEnable");
            assertEquals(List.of(), levels, "but the line stays low");
            device.write(0x08, 4, Interrupts.GLOBAL_INT_ENABLE | Interrupts.TYPE_POLARITY_LOW_LEVEL | Interrupts.ALL_SOURCES);
            assertEquals(List.of(true), levels);
            device.write(0x10, 4, Interrupts.COMMAND_READY);
            assertEquals(List.of(true, false), levels);
            assertEquals(0, device.read(0x10, 4));

            for (byte b : TpmCommands.startup(TpmSu.CLEAR)) {
                device.write(0x24, 1, b & 0xFF);
            }
            assertEquals(Interrupts.STS_VALID, device.read(0x10, 4), "Expect settled to 0");
            device.write(0x10, 4, 0xFFFF_FFFFL);
            device.write(0x18, 1, Sts.TPM_GO);
            assertEquals(Interrupts.DATA_AVAIL | Interrupts.STS_VALID, device.read(0x10, 4));
            device.write(0x10, 1, Interrupts.DATA_AVAIL | Interrupts.STS_VALID);
            for (int i = 0; i < 10; i++) {
                device.read(0x24, 1);
            }
            assertEquals(Interrupts.STS_VALID, device.read(0x10, 4), "dataAvail dropped after the last byte");
            device.write(0x10, 4, Interrupts.STS_VALID);

            device.write(0x3000, 1, Access.REQUEST_USE);
            device.write(0x3008, 4, Interrupts.GLOBAL_INT_ENABLE | Interrupts.ALL_SOURCES);   // not active: ignored
            assertEquals(Interrupts.TYPE_POLARITY_LOW_LEVEL, device.read(0x3008, 4));
            device.write(0, 1, Access.ACTIVE_LOCALITY);
            assertEquals(3, device.activeLocality());
            assertEquals(0, device.read(0x3010, 4), "locality 3 has not enabled localityChange");
            device.write(0x3008, 4, Interrupts.GLOBAL_INT_ENABLE | Interrupts.LOCALITY_CHANGE);
            device.write(0x3000, 1, Access.ACTIVE_LOCALITY);
            device.write(0x3000, 1, Access.REQUEST_USE);
            assertEquals(Interrupts.LOCALITY_CHANGE, device.read(0x3010, 4));
            assertTrue(device.interruptAsserted());
            device.write(0x1010, 4, Interrupts.LOCALITY_CHANGE);   // another locality cannot clear it
            assertTrue(device.interruptAsserted());
            device.reset();
            assertFalse(device.interruptAsserted());
            assertEquals(false, levels.get(levels.size() - 1));
        }
    }
}
