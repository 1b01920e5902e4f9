package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.GuestStorm;
import io.jvtpm.engine.testing.StalledBackendStorm;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.testing.WatchedExecutor;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Interrupts;
import io.jvtpm.tis.register.Sts;
import io.jvtpm.tis.register.TisRegister;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backend that stalls (never answers, or answers only a cancel) behind the FIFO interface, and a guest that makes a million random
 * accesses over all five localities (commands started, abandoned, cancelled and restarted among
 * them): no access waits on the stalled command, the host heap stays flat, no more than one task
 * of the device ever waits for its executor, nothing throws, and once the TPM answers again a
 * well-behaved driver is served.
 */
class StalledBackendTest {
    private static final int[] SIZES = {1, 1, 1, 2, 4, 4, 8};
    private static final int[] HOT = {
        0x000, 0x000, 0x000, 0x008, 0x010, 0x018, 0x018, 0x018, 0x019, 0x01B, 0x01B,
        0x024, 0x024, 0x024, 0x030, 0x080, 0xF00,
    };
    private static final int[] ACCESS_VALUES = {Access.REQUEST_USE, Access.ACTIVE_LOCALITY, Access.SEIZE, Access.BEEN_SEIZED};
    private static final int[] STS_VALUES = {Sts.COMMAND_READY, Sts.TPM_GO, Sts.RESPONSE_RETRY};

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
             TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(commands))) {
            GuestStorm.RegisterGuest randomGuest = new GuestStorm.RegisterGuest(TisDevice.LOCALITIES, TisDevice.LOCALITY_STRIDE,
                    TisDevice.SIZE, HOT, SIZES, 8, StalledBackendTest::value, StalledBackendTest::commandSequence);
            StalledBackendStorm.run("TIS", device, tpm, onCancel, commands, 0x57A11EDL, randomGuest);
            device.reset();
            TisDriver driver = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
            driver.requestLocality();
            StalledBackendStorm.assertServed(driver::transmit);
        }
    }

    /** Request the locality, commandReady, a command through the FIFO, tpmGo, a few polls, maybe cancel or give up. */
    private static void commandSequence(GuestStorm.Access device, SplittableRandom random, int locality) {
        long page = (long) locality * TisDevice.LOCALITY_STRIDE;
        device.write(page + TisRegister.ACCESS.offset(), 1, random.nextInt(4) == 0 ? Access.SEIZE : Access.REQUEST_USE);
        device.write(page + TisRegister.STS.offset(), 1, Sts.COMMAND_READY);
        byte[] command = TpmCommands.getRandom(1 + random.nextInt(32));
        for (byte b : command) {
            device.write(page + TisRegister.DATA_FIFO.offset(), 1, b & 0xFF);
        }
        device.write(page + TisRegister.STS.offset(), 1, Sts.TPM_GO);
        for (int i = random.nextInt(4); i >= 0; i--) {
            device.read(page + TisRegister.STS.offset(), 4);
        }
        switch (random.nextInt(4)) {
            case 0 -> device.write(page + TisRegister.STS.offset(), 4, Sts.COMMAND_CANCEL);
            case 1 -> device.write(page + TisRegister.ACCESS.offset(), 1, Access.ACTIVE_LOCALITY);
            default -> { }
        }
    }

    /** A value worth writing to the register at {@code reg} (random values come from the guest). */
    private static long value(SplittableRandom random, int reg) {
        return switch (reg) {
            case 0x000 -> ACCESS_VALUES[random.nextInt(ACCESS_VALUES.length)];
            case 0x008 -> Interrupts.GLOBAL_INT_ENABLE | Interrupts.ALL_SOURCES;
            case 0x018 -> STS_VALUES[random.nextInt(STS_VALUES.length)];
            case 0x01B -> (random.nextBoolean() ? Sts.COMMAND_CANCEL : Sts.RESET_ESTABLISHMENT_BIT) >>> 24;
            default -> random.nextInt(256);
        };
    }
}
