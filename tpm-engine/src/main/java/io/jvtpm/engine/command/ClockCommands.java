package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmClock;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.TimeInfo;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmClockAdjust;
import io.jvtpm.engine.wire.TpmRc;

/** Clock commands (TPM 2.0 Library Part 3, 29.1-29.3): ReadClock, ClockSet, ClockRateAdjust. */
final class ClockCommands {
    private ClockCommands() {
    }

    /** TPMS_TIME_INFO: time, then TPMS_CLOCK_INFO (clock, resetCount, restartCount, safe). */
    static void readClock(Command c) {
        c.endParameters();
        TpmEngine tpm = c.tpm();
        TpmClock clock = tpm.clock();
        new TimeInfo(clock.time(), clock.clock(), tpm.resetCount(), tpm.restartCount(), clock.safe()).write(c.out());
    }

    static void clockSet(Command c) {
        long t = c.in().u64();
        c.endParameters();
        TpmEngine tpm = c.tpm();
        if (Long.compareUnsigned(t, TpmClock.MAX_CLOCK) > 0
                || Long.compareUnsigned(t, tpm.clock().clock()) < 0) {
            throw new TpmRcException(TpmRc.VALUE.param(1));
        }
        tpm.setClock(t);
    }

    static void clockRateAdjust(Command c) {
        TpmClockAdjust a = TpmClockAdjust.of((byte) c.in().u8());
        if (a == null) {
            throw c.in().fail(TpmRc.VALUE);
        }
        c.endParameters();
        c.tpm().adjustClock(a.value());
    }
}
