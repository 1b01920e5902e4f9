package io.jvtpm.tis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Interrupts;
import io.jvtpm.tis.register.Sts;
import io.jvtpm.tis.register.TisRegister;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Locality 4 is the platform's (PC Client Platform TPM Profile, "Locality Usage": only the CPU's
 * special cycles reach it): every guest access to its page reads all ones and every write is
 * dropped, so a guest can neither take locality 4 nor reset or extend the DRTM PCRs (17-22).
 */
class PlatformLocalityTest {
    private static final long PAGE = (long) TpmInterfaceDevice.PLATFORM_LOCALITY * TisDevice.LOCALITY_STRIDE;
    private static final int PCR_DRTM = 17;

    @Test
    void everyByteOfTheLocality4PageReadsAllOnes() {
        try (TisDevice device = new TisDevice(new FakeTpm(), TisOptions.defaults().withExecutor(Runnable::run))) {
            new TisDriver(device, 0, TisDriver.Transfer.BYTE).requestLocality();
            for (int off = 0; off < TisDevice.LOCALITY_STRIDE; off++) {
                for (int size : new int[] {1, 2, 4, 8}) {
                    assertEquals(TpmInterfaceDevice.allOnes(size), device.read(PAGE + off, size),
                            "locality 4 offset 0x" + Integer.toHexString(off) + " size " + size);
                }
            }
            assertEquals(Access.TPM_REG_VALID_STS | Access.ACTIVE_LOCALITY,
                    device.read(0, 1) & (Access.TPM_REG_VALID_STS | Access.ACTIVE_LOCALITY), "locality 0 reads as before");
        }
    }

    @Test
    void aGuestPcrResetAndExtendOfPcr17ThroughLocality4NeverReachTheTpm() {
        try (InProcessBackend engine = InProcessBackend.inMemory(17)) {
            engine.init();
            StallingTpm tpm = StallingTpm.around(engine);   // not stalled: it counts what reaches the engine
            try (TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(Runnable::run))) {
                TisDriver zero = new TisDriver(device, 0, TisDriver.Transfer.BYTE);
                zero.requestLocality();
                assertEquals(0, TpmResponse.parse(zero.transmit(TpmCommands.startup(TpmSu.CLEAR))).rc());
                byte[] before = pcr17(zero);
                long commands = tpm.commands();

                byte[] digest = new byte[HashAlgorithm.SHA256.digestSize()];
                Arrays.fill(digest, (byte) 0x5A);
                guestRunsAtLocality4(device, TpmCommands.pcrReset(PCR_DRTM));
                guestRunsAtLocality4(device, TpmCommands.pcrExtend(PCR_DRTM, List.of(new TaggedHash(HashAlgorithm.SHA256, digest))));

                assertEquals(commands, tpm.commands(), "a command of the guest's locality 4 reached the TPM");
                assertEquals(0, device.activeLocality(), "locality 4's seize took the TPM from locality 0");
                assertEquals(0, device.read(0, 1) & Access.BEEN_SEIZED);
                assertArrayEquals(before, pcr17(zero), "PCR 17 moved");

                // the same reset from the platform (host code at locality 4) does reach the TPM:
                // the PCR would have changed had the guest's got through
                assertEquals(0, TpmResponse.parse(tpm.execute(TpmInterfaceDevice.PLATFORM_LOCALITY,
                        TpmCommands.pcrReset(PCR_DRTM))).rc());
                assertFalse(Arrays.equals(before, pcr17(zero)), "the platform's PCR_Reset(17) took effect");
            }
        }
    }

    private static byte[] pcr17(TisDriver driver) {
        TpmResponse rsp = TpmResponse.parse(driver.transmit(TpmCommands.pcrRead(HashAlgorithm.SHA256, PCR_DRTM)));
        assertEquals(0, rsp.rc());
        return rsp.pcrRead().values().get(0);
    }

    /** A guest driving locality 4's registers as a driver would its own, checking each read on the way. */
    private static void guestRunsAtLocality4(TisDevice device, byte[] command) {
        device.write(PAGE + TisRegister.ACCESS.offset(), 1, Access.REQUEST_USE);
        device.write(PAGE + TisRegister.ACCESS.offset(), 1, Access.SEIZE);
        assertEquals(0xFF, device.read(PAGE + TisRegister.ACCESS.offset(), 1));
        device.write(PAGE + TisRegister.INT_ENABLE.offset(), 4, Interrupts.GLOBAL_INT_ENABLE | Interrupts.ALL_SOURCES);
        device.write(PAGE + TisRegister.STS.offset(), 1, Sts.COMMAND_READY);
        for (byte b : command) {
            device.write(PAGE + TisRegister.DATA_FIFO.offset(), 1, b & 0xFF);
        }
        device.write(PAGE + TisRegister.STS.offset(), 1, Sts.TPM_GO);
        assertEquals(0xFFFF_FFFFL, device.read(PAGE + TisRegister.STS.offset(), 4));
        assertEquals(0xFFL, device.read(PAGE + TisRegister.DATA_FIFO.offset(), 1));
        device.write(PAGE + TisRegister.STS.offset(), 1, Sts.RESET_ESTABLISHMENT_BIT);
    }
}
