package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.engine.testing.FakeTpm;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The register sequences of Linux 6.1's tpm_crb and of SeaBIOS, as QEMU 7.2 traced them
 * (shared/reference/qemu-7.2-swtpm-0.7.1/seabios-crb-trace), replayed against the device.
 */
class TraceReplayTest {

    /** Where this device differs from QEMU by design: INTF_ID says five localities and idle bypass. */
    static final Map<Long, Long> OVERRIDES = Map.of(0x30L, 0x25B11L);

    @Test
    void linuxBootSequence() throws Exception {
        FakeTpm tpm = new FakeTpm();
        try (CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            new CrbGuestDriver(dev, 0).transact(TpmCommands.startup(TpmSu.CLEAR));
            List<TraceReplay.Access> trace = TraceReplay.load("/traces/linux-6.1-kernel-boot.log");
            assertEquals(200, trace.size(), "the kernel's 200 register accesses");
            List<byte[]> rsp = TraceReplay.replay(dev, trace,
                    TraceReplay.commands(TraceReplay.KERNEL_COMMANDS).iterator(), OVERRIDES);
            assertEquals(15, rsp.size());
            assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(rsp.get(0)), "SelfTest");
            assertEquals(TpmRc.VALUE.param(1), TpmWire.responseCode(rsp.get(1)),
                    "the double answers GetCapability for TPM_CAP_PCRS only");
            assertEquals(-1, dev.activeLocality(), "the kernel relinquished");
            assertEquals(0, dev.internalErrors());
        }
    }

    @Test
    void seabiosBootSequence() throws Exception {
        FakeTpm tpm = new FakeTpm();
        try (CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            List<TraceReplay.Access> trace = TraceReplay.load("/traces/seabios-firmware.log");
            // QEMU leaves tpmIdle alone when a command starts; with idle bypass this device leaves Idle.
            List<byte[]> rsp = TraceReplay.replay(dev, trace, TraceReplay.commands(TraceReplay.FIRMWARE_COMMANDS).iterator(),
                    Map.of(0x30L, 0x25B11L, 0x44L, 0L));
            assertEquals(21, rsp.size());
            assertEquals(TpmRc.SUCCESS.value(), TpmWire.responseCode(rsp.get(0)), "Startup");
            assertEquals(0, dev.activeLocality(), "SeaBIOS keeps locality 0");
        }
    }

    @Test
    void everyRegisterTheKernelTouchesIsInTheReplay() throws Exception {
        Set<String> seen = new TreeSet<>();
        for (TraceReplay.Access a : TraceReplay.load("/traces/linux-6.1-kernel-boot.log")) {
            CrbRegister r = CrbRegister.at((int) a.offset());
            seen.add((a.write() ? "write " : "read ") + r + (a.offset() == 0x6C ? "+4" : ""));
        }
        assertEquals(Set.of("read LOC_STATE", "write LOC_CTRL", "read CTRL_REQ", "write CTRL_REQ", "read CTRL_STS",
                "read CTRL_CANCEL", "write CTRL_CANCEL", "read CTRL_START", "write CTRL_START", "read CTRL_CMD_SIZE",
                "read CTRL_CMD_LADDR", "read CTRL_CMD_HADDR", "read CTRL_RSP_SIZE", "read CTRL_RSP_ADDR",
                "read CTRL_RSP_ADDR+4"), seen, "matches mmio-kernel-summary.txt");
    }
}
