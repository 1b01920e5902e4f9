package io.jvtpm.tis;

import io.jvtpm.engine.testing.ScriptedTpm;
import io.jvtpm.tis.register.Sts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays what SeaBIOS and Linux 6.1's tpm_tis did to QEMU 7.2's TIS (with swtpm 0.7.1) from
 * reset to a booted guest: every write as recorded, every TPM command checked against the
 * recording and answered with the recorded response, and every read compared where the
 * profile makes it deterministic: ACCESS, INT_ENABLE, INTF_CAPABILITY, INTERFACE_ID, DID_VID,
 * RID, FIFO bytes, TPM_STS flags and tpmFamily, and burstCount where both devices define it
 * (commandReady, Expect or dataAvail set). Not compared: STS while the command executes (a
 * matter of timing; here commands complete at once), burstCount when the FIFO neither takes nor
 * gives bytes (QEMU shows the free buffer, this device 0 as the profile says), and selfTestDone
 * (QEMU 7.2 never sets it; this device does after a successful TPM2_SelfTest).
 */
class KernelTraceReplayTest {

    @Test
    void seabiosThenLinuxBootReplaysWithTheSameRegisterValues() {
        List<QemuTrace.Event> events = new ArrayList<>(QemuTrace.load("/trace/seabios-tis-mmio-trace-firmware.log.gz"));
        int firmwareEvents = events.size();
        events.addAll(QemuTrace.load("/trace/seabios-tis-mmio-trace-kernel-boot.log.gz"));

        ScriptedTpm tpm = new ScriptedTpm();
        byte[] pending = null;
        for (QemuTrace.Event e : events) {
            if (e instanceof QemuTrace.Buffer b) {
                if (b.toTpm()) {
                    pending = b.bytes();
                } else {
                    tpm.expect(pending, b.bytes());
                }
            }
        }
        int commands = tpm.remaining();

        List<String> differences = new ArrayList<>();
        Map<String, Integer> kernelAccesses = new TreeMap<>();
        int compared = 0;
        try (TisDevice device = new TisDevice(tpm, TisOptions.defaults().withExecutor(Runnable::run))) {
            boolean executing = false;
            for (int i = 0; i < events.size(); i++) {
                QemuTrace.Event e = events.get(i);
                boolean kernel = i >= firmwareEvents;
                if (e instanceof QemuTrace.Write w) {
                    device.write(w.offset(), w.size(), w.value());
                    if ((w.offset() & 0xFFF) == 0x18 && (w.value() & Sts.TPM_GO) != 0) {
                        executing = true;
                    }
                    if (kernel) {
                        kernelAccesses.merge(key("write", w.offset(), w.size()), 1, Integer::sum);
                    }
                } else if (e instanceof QemuTrace.Buffer b) {
                    if (!b.toTpm()) {
                        executing = false;
                    }
                } else if (e instanceof QemuTrace.Read r) {
                    long mine = device.read(r.offset(), r.size());
                    if (kernel) {
                        kernelAccesses.merge(key("read", r.offset(), r.size()), 1, Integer::sum);
                    }
                    String diff = compare(r, mine, executing);
                    if (diff != null) {
                        differences.add(diff);
                    } else {
                        compared++;
                    }
                }
            }
        }
        assertEquals(List.of(), tpm.mismatches(), "the device passed on every command byte for byte");
        assertEquals(0, tpm.remaining(), "every recorded command was sent");
        assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())));
        assertEquals(40, commands, "TPM commands in the recording (firmware and kernel probe)");
        assertTrue(compared > 3000, "reads compared: " + compared);

        // the kernel's access patterns as QEMU's summary lists them all occurred
        Set<String> expected = new TreeSet<>(List.of(
                "read 0x000 size 1", "write 0x000 size 1", "read 0x008 size 4", "write 0x008 size 4",
                "read 0x014 size 4", "read 0x018 size 1", "read 0x018 size 4", "write 0x018 size 1",
                "read 0x024 size 1", "write 0x024 size 1", "read 0xf00 size 4", "read 0xf00 size 2",
                "read 0xf04 size 1"));
        assertEquals(expected, kernelAccesses.keySet());
        assertEquals(1401, kernelAccesses.get("read 0x024 size 1"));
        assertEquals(538, kernelAccesses.get("write 0x024 size 1"));
        assertEquals(203, kernelAccesses.get("read 0x018 size 1"));
    }

    private static String key(String kind, long offset, int size) {
        return String.format("%s 0x%03x size %d", kind, offset & 0xFFF, size);
    }

    private static String compare(QemuTrace.Read r, long mine, boolean executing) {
        long mask = r.size() >= 4 ? 0xFFFF_FFFFL : (1L << (8 * r.size())) - 1;
        long theirs = r.value() & mask;
        int reg = (int) (r.offset() & 0xFFC);
        if (reg == 0x018) {
            if (executing) {
                return null;
            }
            long flagsMask = 0xFFL & ~Sts.SELF_TEST_DONE;
            if (r.size() == 4) {
                flagsMask |= Sts.TPM_FAMILY_MASK;
                long qemuFlags = r.value() & 0xFF;
                if ((qemuFlags & (Sts.COMMAND_READY | Sts.EXPECT | Sts.DATA_AVAIL)) != 0) {
                    flagsMask |= Sts.BURST_COUNT_MASK;
                }
            }
            if (((mine ^ theirs) & flagsMask) == 0) {
                return null;
            }
        } else if (mine == theirs) {
            return null;
        }
        return String.format("line %d: read.%d(0x%x) QEMU 0x%x, this device 0x%x", r.line(), r.size(), r.offset(), theirs, mine);
    }
}
