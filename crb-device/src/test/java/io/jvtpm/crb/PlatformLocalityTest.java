package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.LocCtrl;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.testing.StallingTpm;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Locality 4 is the platform's (PC Client Platform TPM Profile, "Locality Usage": only the CPU's
 * special cycles reach it): every guest access to its CRB page reads all ones and every write is
 * dropped, so a guest can neither take locality 4 nor reset or extend the DRTM PCRs (17-22).
 */
class PlatformLocalityTest {
    private static final int FOUR = TpmInterfaceDevice.PLATFORM_LOCALITY;
    private static final long PAGE = (long) FOUR * CrbDevice.LOCALITY_STRIDE;
    private static final int PCR_DRTM = 17;

    @Test
    void everyByteOfTheLocality4PageReadsAllOnes() {
        try (CrbDevice dev = new CrbDevice(new FakeTpm(), CrbOptions.defaults().withExecutor(Runnable::run))) {
            new CrbGuestDriver(dev, 0).requestLocality();
            for (int off = 0; off < CrbDevice.LOCALITY_STRIDE; off++) {
                for (int size = 1; size <= 8; size++) {
                    assertEquals(TpmInterfaceDevice.allOnes(size), dev.read(PAGE + off, size),
                            "locality 4 offset 0x" + Integer.toHexString(off) + " size " + size);
                }
            }
            // an access that straddles into the page is aborted whole
            assertEquals(-1L, dev.read(PAGE - 4, 8));
            assertEquals(0x82L, dev.read(CrbRegister.LOC_STATE.offset(3), 4) & 0x9E, "locality 0 active, seen from 3");
            assertEquals(0, dev.internalErrors());
        }
    }

    @Test
    void aGuestPcrResetAndExtendOfPcr17ThroughLocality4NeverReachTheTpm() {
        try (InProcessBackend engine = CrbEngineTest.engine(17)) {
            StallingTpm tpm = StallingTpm.around(engine);   // not stalled: it counts what reaches the engine
            try (CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withExecutor(Runnable::run))) {
                dev.reset();
                CrbGuestDriver zero = new CrbGuestDriver(dev, 0);
                assertEquals(0, TpmResponse.parse(zero.transact(TpmCommands.startup(TpmSu.CLEAR))).rc());
                byte[] before = pcr17(zero);
                long commands = tpm.commands();

                byte[] digest = new byte[HashAlgorithm.SHA256.digestSize()];
                Arrays.fill(digest, (byte) 0x5A);
                guestRunsAtLocality4(dev, TpmCommands.pcrReset(PCR_DRTM));
                guestRunsAtLocality4(dev, TpmCommands.pcrExtend(PCR_DRTM, List.of(new TaggedHash(HashAlgorithm.SHA256, digest))));

                assertEquals(commands, tpm.commands(), "a command of the guest's locality 4 reached the TPM");
                assertEquals(-1, dev.activeLocality(), "the guest took locality 4");
                assertArrayEquals(before, pcr17(zero), "PCR 17 moved");

                // the same reset from the platform (host code at locality 4) does reach the TPM:
                // the PCR would have changed had the guest's got through
                assertEquals(0, TpmResponse.parse(tpm.execute(FOUR, TpmCommands.pcrReset(PCR_DRTM))).rc());
                assertFalse(Arrays.equals(before, pcr17(zero)), "the platform's PCR_Reset(17) took effect");
                assertEquals(0, dev.internalErrors());
            }
        }
    }

    @Test
    void locality4CannotSeizeFromTheGuestsLocality() {
        FakeTpm fake = new FakeTpm();
        try (CrbDevice dev = new CrbDevice(fake, CrbOptions.defaults().withExecutor(Runnable::run))) {
            dev.reset();
            new CrbGuestDriver(dev, 2).requestLocality();
            dev.write(CrbRegister.LOC_CTRL.offset(FOUR), 4, LocCtrl.SEIZE.mask() | LocCtrl.RESET_ESTABLISHMENT.mask());
            assertEquals(2, dev.activeLocality());
            assertEquals(1L, dev.read(CrbRegister.LOC_STS.offset(2), 4), "granted, not seized");
            assertEquals(0, fake.resets(), "locality 4's resetEstablishment reached the TPM");
        }
    }

    private static byte[] pcr17(CrbGuestDriver driver) {
        TpmResponse rsp = TpmResponse.parse(driver.transact(TpmCommands.pcrRead(HashAlgorithm.SHA256, PCR_DRTM)));
        assertEquals(0, rsp.rc());
        return rsp.pcrRead().values().get(0);
    }

    /** A guest driving locality 4's CRB registers as a driver would its own, checking each read on the way. */
    private static void guestRunsAtLocality4(CrbDevice dev, byte[] command) {
        dev.write(CrbRegister.LOC_CTRL.offset(FOUR), 4, LocCtrl.REQUEST_ACCESS.mask());
        dev.write(CrbRegister.LOC_CTRL.offset(FOUR), 4, LocCtrl.SEIZE.mask());
        assertEquals(0xFFFF_FFFFL, dev.read(CrbRegister.LOC_STS.offset(FOUR), 4));
        dev.write(CrbRegister.CTRL_INT_ENABLE.offset(FOUR), 4, CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.SOURCES);
        dev.write(CrbRegister.CTRL_REQ.offset(FOUR), 4, 1);
        for (int i = 0; i < command.length; i++) {
            dev.write(PAGE + CrbDevice.DATA_BUFFER_OFFSET + i, 1, command[i] & 0xFF);
        }
        dev.write(CrbRegister.CTRL_CANCEL.offset(FOUR), 4, 0);
        dev.write(CrbRegister.CTRL_START.offset(FOUR), 4, 1);
        assertEquals(0xFFFF_FFFFL, dev.read(CrbRegister.CTRL_START.offset(FOUR), 4));
        assertEquals(-1L, dev.read(PAGE + CrbDevice.DATA_BUFFER_OFFSET, 8));
    }
}
