package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of the CRB interface (PTP section 6.5.3) against a test double of the TPM. */
class CrbDeviceTest {

    private final FakeTpm tpm = new FakeTpm();
    private final List<Boolean> irq = new ArrayList<>();
    private final Semaphore irqRaised = new Semaphore(0);
    private CrbDevice dev = new CrbDevice(tpm, CrbOptions.defaults().withInterrupt(level -> {
        synchronized (irq) {
            irq.add(level);
        }
        if (level) {
            irqRaised.release();
        }
    }));

    @AfterEach
    void close() {
        assertEquals(0, dev.internalErrors());
        dev.close();
    }

    private long reg(int locality, CrbRegister r) {
        return dev.read(r.offset(locality), 4);
    }

    private void reg(int locality, CrbRegister r, long v) {
        dev.write(r.offset(locality), 4, v);
    }

    @Test
    void commandRoundTripByPolling() {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(d.transact(TpmCommands.startup(TpmSu.CLEAR))));
        byte[] rsp = d.transact(TpmCommands.getRandom(32));
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(rsp));
        assertEquals(10 + 2 + 32, rsp.length);
        assertEquals(0x81L, reg(0, CrbRegister.LOC_STATE));
    }

    @Test
    void everyLocalityReachesTheTpmAsItself() {
        dev.reset();
        new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR));
        // 0..3: locality 4 is the platform's (PlatformLocalityTest)
        for (int loc = 0; loc < TpmInterfaceDevice.PLATFORM_LOCALITY; loc++) {
            byte[] rsp = new CrbGuestDriver(dev, loc).transact(TpmCommands.getRandom(8));
            assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(rsp));
        }
        List<FakeTpm.Received> got = tpm.received();
        assertEquals(1 + TpmInterfaceDevice.PLATFORM_LOCALITY, got.size());
        for (int loc = 0; loc < TpmInterfaceDevice.PLATFORM_LOCALITY; loc++) {
            assertEquals(loc, got.get(loc + 1).locality());
        }
    }

    @Test
    void interruptDrivenDriver() throws Exception {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0, CrbGuestDriver.Wait.INTERRUPT, irqRaised);
        d.requestLocality();
        d.cmdReady();
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(d.send(TpmCommands.startup(TpmSu.CLEAR))));
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(d.send(TpmCommands.getRandom(16))));
        d.goIdle();
        d.relinquish();
        synchronized (irq) {
            assertEquals(List.of(true, false, true, false), irq, "a level per completion, lowered by the W1C");
        }
    }

    @Test
    void interruptSourcesAndGlobalEnable() {
        dev.reset();
        reg(0, CrbRegister.LOC_CTRL, 1);
        int all = CrbInterrupt.SOURCES;
        reg(0, CrbRegister.CTRL_INT_ENABLE, all); // sources without the global enable
        reg(0, CrbRegister.CTRL_REQ, 1);
        assertEquals(CrbInterrupt.CMD_READY.mask(), reg(0, CrbRegister.CTRL_INT_STS));
        synchronized (irq) {
            assertTrue(irq.isEmpty(), "no line without globalEnable");
        }
        reg(0, CrbRegister.CTRL_INT_ENABLE, all | CrbInterrupt.GLOBAL_ENABLE);
        assertEquals(0x8000000FL, reg(0, CrbRegister.CTRL_INT_ENABLE));
        synchronized (irq) {
            assertEquals(List.of(true), irq);
        }
        reg(0, CrbRegister.CTRL_INT_STS, 0xFFFF_FFFFL);
        assertEquals(0L, reg(0, CrbRegister.CTRL_INT_STS));
        reg(1, CrbRegister.LOC_CTRL, 4); // seize -> locality change
        assertEquals(CrbInterrupt.LOC_CHANGED.mask(), reg(1, CrbRegister.CTRL_INT_STS));
        reg(1, CrbRegister.CTRL_INT_STS, CrbInterrupt.LOC_CHANGED.mask());
        reg(1, CrbRegister.LOC_CTRL, 2);
        reg(3, CrbRegister.LOC_CTRL, 1);
        reg(3, CrbRegister.CTRL_INT_STS, 0xF);
        tpm.setEstablished(true);
        dev.reset();
        assertEquals(0x80L, reg(3, CrbRegister.LOC_STATE) & 0x81, "established reads tpmEstablished 0");
        reg(3, CrbRegister.LOC_CTRL, 1);
        reg(3, CrbRegister.CTRL_INT_ENABLE, CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.ESTABLISHMENT_CLEAR.mask());
        reg(3, CrbRegister.LOC_CTRL, 8);
        assertEquals(CrbInterrupt.ESTABLISHMENT_CLEAR.mask(), reg(3, CrbRegister.CTRL_INT_STS));
        assertEquals(1L, reg(3, CrbRegister.LOC_STATE) & 1);
        reg(3, CrbRegister.CTRL_INT_STS, 0xF);
        reg(3, CrbRegister.CTRL_INT_ENABLE, 0xFFFF_FFFFL);
        assertEquals(0x8000000FL, reg(3, CrbRegister.CTRL_INT_ENABLE), "reserved enable bits stay 0");
    }

    @Test
    void aGuestResetsEstablishmentFromLocality3Only() {
        tpm.setEstablished(true);
        dev.reset();
        for (int loc : new int[] {0, 1, 2, 4}) { // locality 4's page is the platform's, never the guest's
            reg(loc, CrbRegister.LOC_CTRL, 8);
            assertEquals(0x80L, reg(0, CrbRegister.LOC_STATE), "locality " + loc + " cannot reset it");
        }
        reg(3, CrbRegister.LOC_CTRL, 8);
        assertEquals(0x81L, reg(0, CrbRegister.LOC_STATE));
    }

    @Test
    void arbitrationQueuesRequestsAndGrantsTheHighest() {
        dev.reset();
        reg(1, CrbRegister.LOC_CTRL, 1);
        assertEquals(0x80L | 2 | 1 << 2 | 1, reg(0, CrbRegister.LOC_STATE));
        reg(0, CrbRegister.LOC_CTRL, 1);
        reg(2, CrbRegister.LOC_CTRL, 1);
        assertEquals(1, dev.activeLocality());
        assertEquals(0L, reg(0, CrbRegister.LOC_STS));
        assertEquals(1L, reg(1, CrbRegister.LOC_STS));
        reg(1, CrbRegister.LOC_CTRL, 2);
        assertEquals(2, dev.activeLocality(), "highest waiting locality wins");
        reg(2, CrbRegister.LOC_CTRL, 2);
        assertEquals(0, dev.activeLocality());
        reg(0, CrbRegister.LOC_CTRL, 2);
        assertEquals(-1, dev.activeLocality());
        assertEquals(0x81L, reg(3, CrbRegister.LOC_STATE));
    }

    @Test
    void seizeTakesFromLowerLocalityOnly() {
        dev.reset();
        reg(2, CrbRegister.LOC_CTRL, 1);
        reg(1, CrbRegister.LOC_CTRL, 4);
        assertEquals(2, dev.activeLocality(), "a lower locality cannot seize");
        reg(3, CrbRegister.LOC_CTRL, 4);
        assertEquals(3, dev.activeLocality());
        assertEquals(2L, reg(2, CrbRegister.LOC_STS), "beenSeized, not granted");
        assertEquals(1L, reg(3, CrbRegister.LOC_STS));
        reg(2, CrbRegister.LOC_CTRL, 1);
        assertEquals(0L, reg(2, CrbRegister.LOC_STS), "requestAccess clears beenSeized");
        reg(3, CrbRegister.LOC_CTRL, 2);
        assertEquals(2, dev.activeLocality());
    }

    @Test
    void inactiveLocalityCannotDriveTheControlAreaOrSeeTheBuffer() {
        dev.reset();
        CrbGuestDriver d0 = new CrbGuestDriver(dev, 0);
        d0.requestLocality();
        d0.cmdReady();
        dev.write(0x80, 4, 0x11223344L);
        assertEquals(0x11223344L, dev.read(0x80, 4));
        assertEquals(0xFFFF_FFFFL, dev.read(0x1080, 4), "locality 1 sees no buffer");
        dev.write(0x1080, 4, 0L);
        reg(1, CrbRegister.CTRL_START, 1);
        reg(1, CrbRegister.CTRL_REQ, 2);
        reg(1, CrbRegister.CTRL_INT_ENABLE, 0xFFFF_FFFFL);
        assertEquals(0L, reg(0, CrbRegister.CTRL_START));
        assertEquals(0L, reg(0, CrbRegister.CTRL_STS), "goIdle from locality 1 ignored");
        assertEquals(0L, reg(0, CrbRegister.CTRL_INT_ENABLE));
        assertEquals(0x11223344L, dev.read(0x80, 4));
        assertTrue(tpm.received().isEmpty());
    }

    @Test
    void cmdReadyAndGoIdleWipeTheBuffer() {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        d.requestLocality();
        d.cmdReady();
        d.send(TpmCommands.startup(TpmSu.CLEAR));
        assertNotEquals(0L, dev.read(0x80, 8));
        d.cmdReady();
        assertEquals(0L, dev.read(0x80, 8), "stale response gone after cmdReady");
        dev.write(0x100, 8, -1L);
        d.goIdle();
        assertEquals(0L, dev.read(0x100, 8));
    }

    @Test
    void idleBypassStartsACommandFromIdle() {
        dev.reset();
        new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR));
        reg(0, CrbRegister.LOC_CTRL, 1);
        assertEquals(2L, reg(0, CrbRegister.CTRL_STS));
        byte[] cmd = TpmCommands.getRandom(4);
        for (int i = 0; i < cmd.length; i++) {
            dev.write(0x80 + i, 1, cmd[i]);
        }
        reg(0, CrbRegister.CTRL_START, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reg(0, CrbRegister.CTRL_START) != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0L, reg(0, CrbRegister.CTRL_STS), "no longer idle, no error");
        assertEquals(16L << 40 | 0x0180L, dev.read(0x80, 8), "tag 8001, size 16, rc 0");
    }

    @Test
    void startStaysSetWhileTheCommandRunsAndCancelReachesTheBackend() throws Exception {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        d.requestLocality();
        d.cmdReady();
        CountDownLatch entered = tpm.holdNext();
        byte[] cmd = TpmCommands.getRandom(8);
        for (int i = 0; i < cmd.length; i += 4) {
            dev.write(0x80 + i, 4, ByteBuffer.wrap(cmd, i, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL);
        }
        reg(0, CrbRegister.CTRL_START, 1);
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        assertEquals(1L, reg(0, CrbRegister.CTRL_START));
        reg(0, CrbRegister.CTRL_START, 1); // a second start while busy is ignored
        reg(0, CrbRegister.CTRL_REQ, 1);   // so is cmdReady
        reg(0, CrbRegister.CTRL_CANCEL, 1);
        assertEquals(1L, reg(0, CrbRegister.CTRL_CANCEL));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reg(0, CrbRegister.CTRL_START) != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0L, reg(0, CrbRegister.CTRL_START));
        assertEquals(TpmRc.CANCELED.value(), Integer.reverseBytes((int) dev.read(0x86, 4)));
        assertEquals(1, tpm.received().size());
        reg(0, CrbRegister.CTRL_CANCEL, 0);
        assertEquals(0L, reg(0, CrbRegister.CTRL_CANCEL));
    }

    @Test
    void responseOfALocalityThatLostTheTpmIsDropped() throws Exception {
        dev.reset();
        new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR));
        CrbGuestDriver d0 = new CrbGuestDriver(dev, 0);
        d0.requestLocality();
        d0.cmdReady();
        CountDownLatch entered = tpm.holdNext();
        byte[] cmd = TpmCommands.getRandom(32);
        for (int i = 0; i < cmd.length; i++) {
            dev.write(0x80 + i, 1, cmd[i]);
        }
        reg(0, CrbRegister.CTRL_START, 1);
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        reg(3, CrbRegister.LOC_CTRL, 4); // locality 3 seizes; the backend is asked to cancel
        assertEquals(3, dev.activeLocality());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reg(3, CrbRegister.CTRL_START) != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (int off = 0; off < 64; off += 8) {
            assertEquals(0L, dev.read(0x3080 + off, 8), "locality 3 must not see locality 0's response");
        }
        assertEquals(-1L, dev.read(0x80, 8));
        assertEquals(2L, reg(0, CrbRegister.LOC_STS));
    }

    /** A slow command never holds the vCPU: the CTRL_START write returns while the TPM still runs it. */
    @Test
    void aSlowCommandNeverHoldsTheStartWrite() throws Exception {
        try (CrbDevice threaded = new CrbDevice(tpm, CrbOptions.defaults())) {
            threaded.reset();
            threaded.write(0x08, 4, 1);
            CountDownLatch entered = tpm.holdNext();
            byte[] cmd = TpmCommands.startup(TpmSu.CLEAR);
            for (int k = 0; k < cmd.length; k++) {
                threaded.write(0x80 + k, 1, cmd[k]);
            }
            threaded.write(0x4C, 4, 1); // returns although the command is held
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            assertEquals(1L, threaded.read(0x4C, 4));
            tpm.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (threaded.read(0x4C, 4) != 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0L, threaded.read(0x4C, 4));
            assertEquals(TpmRc.SUCCESS.value(), Integer.reverseBytes((int) threaded.read(0x86, 4)));
        }
    }

    @Test
    void backendFailureIsAFatalErrorUntilReset() {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        d.transact(TpmCommands.startup(TpmSu.CLEAR));
        tpm.failNext(new TpmBackendException("peer went away"));
        d.requestLocality();
        d.cmdReady();
        try {
            d.send(TpmCommands.getRandom(4));
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("tpmSts"));
        }
        assertEquals(1L, reg(0, CrbRegister.CTRL_STS) & 1);
        reg(0, CrbRegister.CTRL_START, 1);
        assertEquals(0L, reg(0, CrbRegister.CTRL_START), "no command after a fatal error");
        tpm.init(); // the VMM's platform reset: _TPM_Init, then the interface
        dev.reset();
        assertEquals(2L, reg(0, CrbRegister.CTRL_STS));
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(d.transact(TpmCommands.startup(TpmSu.CLEAR))));
    }

    @Test
    void oversizedResponseIsAFatalError() {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        d.requestLocality();
        d.cmdReady();
        byte[] big = new byte[0xF81];
        ByteBuffer.wrap(big).putShort((short) 0x8001).putInt(big.length);
        tpm.answerNext(big);
        try {
            d.send(TpmCommands.startup(TpmSu.CLEAR));
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("tpmSts"));
        }
        assertEquals(1L, reg(0, CrbRegister.CTRL_STS) & 1);
    }

    @Test
    void wrongHeaderSizeIsTheTpmsToAnswer() {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 0);
        d.transact(TpmCommands.startup(TpmSu.CLEAR));
        byte[] shortSize = TpmCommands.getRandom(4);
        shortSize[5] = 3; // commandSize 3
        byte[] hugeSize = TpmCommands.getRandom(4);
        hugeSize[2] = 0x7F; // commandSize far past the buffer
        assertEquals(TpmRc.COMMAND_SIZE.value(), TpmWire.responseCode(d.transact(shortSize)));
        assertEquals(TpmRc.COMMAND_SIZE.value(), TpmWire.responseCode(d.transact(hugeSize)));
        List<FakeTpm.Received> got = tpm.received();
        assertEquals(10, got.get(1).command().length, "at least a header is sent");
        assertEquals(0xF80, got.get(2).command().length, "at most the buffer is sent");
        assertEquals(0L, reg(0, CrbRegister.CTRL_STS) & 1);
    }

    @Test
    void bufferSizeComesFromTheBackend() {
        try (CrbDevice small = new CrbDevice(new FakeTpm(1024, 1), CrbOptions.defaults())) {
            assertEquals(1024L, small.read(0x58, 4));
            assertEquals(1024L, small.read(0x64, 4));
            assertEquals(1024, small.commandBufferSize());
        }
        assertEquals(0xF80, dev.commandBufferSize(), "a 4096-byte TPM gets the page's 3968");
    }

    @Test
    void accessesOfAnySizeAndAlignment() {
        dev.reset();
        long rspAddr = dev.read(0x68, 8);
        assertEquals(0xFED40080L, rspAddr);
        assertEquals(0xFED41080L, dev.read(0x1068, 8));
        assertEquals(0xD4L, dev.read(0x5E, 1));
        assertEquals(0xFED4L, dev.read(0x5E, 2));
        assertEquals(0x81L, dev.read(0x0, 1));
        assertEquals(0xD400_8000_000F_8000L, dev.read(0x58 - 1, 8),
                "a misaligned read composes INT_STS, CMD_SIZE and CMD_LADDR bytes");
        reg(0, CrbRegister.LOC_CTRL, 0);
        dev.write(0x08, 1, 1); // SeaBIOS requests with a byte write
        assertEquals(0, dev.activeLocality());
        dev.write(0x0B, 1, 0xFF); // upper byte of LOC_CTRL carries no command
        assertEquals(0, dev.activeLocality());
        dev.write(0x48, 8, 1L | 1L << 32); // CANCEL=1 and START=1 in one 8-byte write
        assertEquals(1L, reg(0, CrbRegister.CTRL_CANCEL));
        // page-straddling access: last buffer byte of locality 0 and LOC_STATE of locality 1
        dev.write(0xFFF, 1, 0xAB);
        assertEquals(0xABL | 0x83L << 8, dev.read(0xFFF, 2));
        assertEquals(-1L, dev.read(CrbDevice.SIZE, 8), "outside the window");
        assertEquals(0xFFL, dev.read(-1, 1));
        assertEquals(0xFFFFFFL, dev.read(0, 3) | 0xFFFFFFL);
        dev.write(CrbDevice.SIZE - 2, 4, -1L); // straddles the end: ignored
        assertEquals(-1L, dev.read(0, 0));
        assertEquals(-1L, dev.read(0, 9));
    }

    @Test
    void readOnlyRegistersIgnoreWrites() {
        dev.reset();
        reg(0, CrbRegister.LOC_CTRL, 1);
        for (CrbRegister r : new CrbRegister[] {CrbRegister.LOC_STATE, CrbRegister.LOC_STS, CrbRegister.INTF_ID,
                CrbRegister.INTF_ID2, CrbRegister.CTRL_STS, CrbRegister.CTRL_CMD_SIZE, CrbRegister.CTRL_CMD_LADDR,
                CrbRegister.CTRL_CMD_HADDR, CrbRegister.CTRL_RSP_SIZE, CrbRegister.CTRL_RSP_ADDR}) {
            long before = reg(0, r);
            reg(0, r, 0xFFFF_FFFFL);
            reg(0, r, 0);
            assertEquals(before, reg(0, r), r.name());
        }
        dev.write(0x38, 8, -1L);
        assertEquals(0L, dev.read(0x38, 8), "CTRL_EXT not implemented");
    }

    @Test
    void resetAbandonsARunningCommandAndReturnsToPowerOn() throws Exception {
        dev.reset();
        CrbGuestDriver d = new CrbGuestDriver(dev, 2);
        d.requestLocality();
        d.cmdReady();
        CountDownLatch entered = tpm.holdNext();
        byte[] cmd = TpmCommands.startup(TpmSu.CLEAR);
        for (int i = 0; i < cmd.length; i++) {
            dev.write(0x2080 + i, 1, cmd[i]);
        }
        reg(2, CrbRegister.CTRL_INT_ENABLE, 0x8000000FL);
        reg(2, CrbRegister.CTRL_START, 1);
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        dev.reset();
        assertEquals(0L, reg(2, CrbRegister.CTRL_START));
        assertEquals(-1, dev.activeLocality());
        assertEquals(2L, reg(2, CrbRegister.CTRL_STS));
        assertEquals(0L, reg(2, CrbRegister.CTRL_INT_ENABLE));
        assertEquals(0, tpm.inits(), "_TPM_Init is the VMM's to send");
        d.requestLocality();
        for (int off = 0; off < 16; off += 8) {
            assertEquals(0L, dev.read(0x2080 + off, 8));
        }
        assertFalse(dev.read(0x2080, 8) != 0);
    }

    @Test
    void dataBufferViewSharesTheBytes() {
        dev.reset();
        ByteBuffer view = dev.dataBuffer();
        reg(0, CrbRegister.LOC_CTRL, 1);
        dev.write(0x80, 4, 0x04030201L);
        assertEquals(0x04030201, view.getInt(0));
        view.putInt(8, 0x0A0B0C0D);
        assertEquals(0x0A0B0C0DL, dev.read(0x88, 4));
        reg(0, CrbRegister.CTRL_REQ, 1);
        assertEquals(0, view.getInt(8), "wiped");
        assertArrayEquals(new byte[4], new byte[] {view.get(0), view.get(1), view.get(2), view.get(3)});
    }

    @Test
    void anExternalBufferIsGuestMemoryTheControlAreaPointsAt() {
        dev.close();
        long at = 0xFED46000L;
        ByteBuffer ram = ByteBuffer.allocateDirect(0x1000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ram.capacity(); i++) {
            ram.put(i, (byte) 0x5A);  // what was there before: wiped when the device takes it
        }
        dev = new CrbDevice(tpm, CrbOptions.defaults().withExternalBuffer(at, ram));
        assertEquals(0L, ram.getLong(0));
        dev.reset();
        assertEquals(at, reg(0, CrbRegister.CTRL_CMD_LADDR) | reg(0, CrbRegister.CTRL_CMD_HADDR) << 32);
        assertEquals(at, reg(0, CrbRegister.CTRL_RSP_ADDR) | dev.read(CrbRegister.CTRL_RSP_ADDR.offset(0) + 4, 4) << 32);
        assertEquals(CrbDevice.DATA_BUFFER_MAX, reg(0, CrbRegister.CTRL_CMD_SIZE));
        CrbGuestDriver d = new CrbGuestDriver(dev, 0).withRam(at, ram);
        assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(d.transact(TpmCommands.startup(TpmSu.CLEAR))));
        d.requestLocality();
        d.cmdReady();
        byte[] rsp = d.send(TpmCommands.getRandom(32));
        assertEquals(10 + 2 + 32, rsp.length);
        byte[] inRam = new byte[rsp.length];
        ram.get(0, inRam);
        assertArrayEquals(rsp, inRam, "the response is in guest memory");
        assertEquals(ram.getLong(0), dev.read(0x80, 8), "the window's buffer aliases it");
        d.goIdle();
        assertEquals(0L, ram.getLong(0), "goIdle wipes guest memory too");
        assertEquals(0L, ram.getLong(CrbDevice.DATA_BUFFER_MAX - 8));
        d.relinquish();
        assertEquals(0x5A, ram.get(CrbDevice.DATA_BUFFER_MAX), "nothing past the buffer is touched");
    }

    @Test
    void anExternalBufferMustBeAlignedAndLargeEnough() {
        ByteBuffer page = ByteBuffer.allocateDirect(0x1000);
        assertThrows(IllegalArgumentException.class, () -> CrbOptions.defaults().withExternalBuffer(0xFED46080L, page));
        assertThrows(IllegalArgumentException.class,
                () -> new CrbDevice(tpm, CrbOptions.defaults().withExternalBuffer(0xFED46000L, ByteBuffer.allocateDirect(0x100))));
    }
}
