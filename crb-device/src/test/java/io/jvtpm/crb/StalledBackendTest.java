package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.LocCtrl;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.GuestStorm;
import io.jvtpm.engine.testing.StalledBackendStorm;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.testing.WatchedExecutor;
import io.jvtpm.engine.wire.TpmCommands;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backend that stalls (never answers, or answers only a cancel) behind the CRB interface, and a guest that makes a million random
 * accesses over all five localities (commands started, abandoned by locality changes, cancelled
 * and restarted among them): no access waits on the stalled command, the host heap stays flat,
 * no more than one task of the device ever waits for its executor, nothing throws, and once the TPM
 * answers again a well-behaved driver is served.
 */
class StalledBackendTest {
    private static final int[] SIZES = {1, 1, 2, 4, 4, 4, 8, 3};
    private static final int[] HOT = {
        0x00, 0x08, 0x08, 0x08, 0x0C, 0x30, 0x40, 0x40, 0x44, 0x48, 0x48, 0x4C, 0x4C, 0x4C, 0x50, 0x54, 0x58,
        0x80, 0x80, 0x84, 0x86,
    };

    /**
     * KEEP_STALLING: the TPM never answers, so the first command that reaches it stays there.
     * ANSWER_CANCELED: each command stays until the guest cancels or abandons it, so commands come
     * and go through the TPM all along the run.
     */
    @ParameterizedTest
    @EnumSource(StallingTpm.OnCancel.class)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aMillionGuestAccessesNeverWaitOnTheStalledCommand(StallingTpm.OnCancel onCancel) throws Exception {
        FakeTpm fake = new FakeTpm();
        StallingTpm tpm = StallingTpm.around(fake);
        tpm.stall(onCancel);
        try (WatchedExecutor commands = new WatchedExecutor();
             CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(commands))) {
            dev.reset();
            GuestStorm.RegisterGuest randomGuest = new GuestStorm.RegisterGuest(CrbDevice.LOCALITIES, CrbDevice.LOCALITY_STRIDE,
                    CrbDevice.SIZE, HOT, SIZES, 6, StalledBackendTest::value, StalledBackendTest::commandSequence);
            StalledBackendStorm.run("CRB", dev, tpm, onCancel, commands, 0xC2B57A11L, randomGuest);
            assertEquals(0, dev.internalErrors());
            dev.reset();
            StalledBackendStorm.assertServed(new CrbGuestDriver(dev, 0)::transact);
        }
    }

    /** Request (or seize) the locality, cmdReady, a command into the buffer, CTRL_START, polls, maybe cancel or give up. */
    private static void commandSequence(GuestStorm.Access dev, SplittableRandom random, int locality) {
        long page = (long) locality * CrbDevice.LOCALITY_STRIDE;
        dev.write(CrbRegister.LOC_CTRL.offset(locality), 4,
                (random.nextInt(4) == 0 ? LocCtrl.SEIZE : LocCtrl.REQUEST_ACCESS).mask());
        dev.write(CrbRegister.CTRL_REQ.offset(locality), 4, 1);
        byte[] command = TpmCommands.getRandom(1 + random.nextInt(32));
        for (int i = 0; i < command.length; i += 4) {
            long v = 0;
            for (int k = 0; k < 4 && i + k < command.length; k++) {
                v |= (command[i + k] & 0xFFL) << (8 * k);
            }
            dev.write(page + CrbDevice.DATA_BUFFER_OFFSET + i, 4, v);
        }
        dev.write(CrbRegister.CTRL_CANCEL.offset(locality), 4, 0);
        dev.write(CrbRegister.CTRL_START.offset(locality), 4, 1);
        for (int i = random.nextInt(4); i >= 0; i--) {
            dev.read(CrbRegister.CTRL_START.offset(locality), 4);
        }
        switch (random.nextInt(4)) {
            case 0 -> dev.write(CrbRegister.CTRL_CANCEL.offset(locality), 4, 1);
            case 1 -> dev.write(CrbRegister.LOC_CTRL.offset(locality), 4, LocCtrl.RELINQUISH.mask());
            default -> { }
        }
    }

    /** A value worth writing to the register at {@code reg} (random values come from the guest). */
    private static long value(SplittableRandom random, int reg) {
        return switch (reg) {
            case 0x08 -> 1L << random.nextInt(4);   // LOC_CTRL: requestAccess, relinquish, seize, resetEstablishment
            case 0x40 -> 1 + random.nextInt(2);     // CTRL_REQ: cmdReady, goIdle
            case 0x48, 0x4C -> random.nextInt(2);   // CTRL_CANCEL, CTRL_START
            case 0x50 -> CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.SOURCES;
            case 0x54 -> CrbInterrupt.SOURCES;
            default -> random.nextInt(256);
        };
    }
}
