package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.wire.TpmWire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a QEMU tpm-crb MMIO trace against a {@link CrbDevice}: every write is made, every read
 * is checked where the value is deterministic. QEMU does not trap the data buffer, so the replay
 * puts the next command into the buffer before each CTRL_START and reads the response after
 * CTRL_START reads 0, as the guest did with plain memory copies. A read of CTRL_START that saw 1
 * may see 0 or 1 here (timing); one that saw 0 is polled until it does.
 */
final class TraceReplay {

    record Access(boolean write, long offset, int size, long value, int line) {
    }

    private static final Pattern ACCESS = Pattern.compile(
            "tpm_crb_mmio_(read|write) CRB (?:read|write) 0x([0-9a-f]+) len:(\\d) val: 0x([0-9a-f]+)");

    private TraceReplay() {
    }

    /** The commands SeaBIOS sent with {@link #FIRMWARE_TRACE}. */
    static final String FIRMWARE_COMMANDS = "/traces/seabios-firmware.commands";
    /** The commands Linux 6.1 sent with {@link #KERNEL_TRACE}. */
    static final String KERNEL_COMMANDS = "/traces/linux-6.1-kernel-boot.commands";
    static final String FIRMWARE_TRACE = "/traces/seabios-firmware.log";
    static final String KERNEL_TRACE = "/traces/linux-6.1-kernel-boot.log";

    /**
     * The recorded commands in {@code resource}: one command a line in hex, text after '#' a
     * comment.
     */
    static List<byte[]> commands(String resource) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = TraceReplay.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String hex = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!hex.isEmpty()) {
                    out.add(HexFormat.of().parseHex(hex));
                }
            }
        }
        return out;
    }

    static List<Access> load(String resource) throws IOException {
        List<Access> out = new ArrayList<>();
        try (InputStream in = TraceReplay.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                Matcher m = ACCESS.matcher(line);
                if (m.find()) {
                    out.add(new Access(m.group(1).equals("write"), Long.parseLong(m.group(2), 16),
                            Integer.parseInt(m.group(3)), Long.parseUnsignedLong(m.group(4), 16), n));
                }
            }
        }
        return out;
    }

    /**
     * Replays SeaBIOS's firmware trace and then the Linux 6.1 kernel's boot trace on {@code dev},
     * with the commands each sent, and checks that every command succeeded.
     */
    static void replayFirmwareThenKernel(CrbDevice dev) throws IOException {
        List<byte[]> fw = replay(dev, load(FIRMWARE_TRACE), commands(FIRMWARE_COMMANDS).iterator(),
                Map.of(0x30L, 0x25B11L, 0x44L, 0L));
        for (int i = 0; i < fw.size(); i++) {
            assertEquals(0, TpmWire.responseCode(fw.get(i)), "firmware command " + i);
        }
        List<byte[]> os = replay(dev, load(KERNEL_TRACE), commands(KERNEL_COMMANDS).iterator(),
                Map.of(0x30L, 0x25B11L));
        for (int i = 0; i < os.size(); i++) {
            assertEquals(0, TpmWire.responseCode(os.get(i)), "kernel command " + i);
        }
    }

    /**
     * Replays {@code trace}; {@code expectedOverrides} maps an offset to the value this device reads
     * there where it differs from QEMU by design. Returns the responses, one per command.
     */
    static List<byte[]> replay(CrbDevice dev, List<Access> trace, Iterator<byte[]> commands,
                               Map<Long, Long> expectedOverrides) {
        List<byte[]> responses = new ArrayList<>();
        for (Access a : trace) {
            String where = "trace line " + a.line() + " offset 0x" + Long.toHexString(a.offset());
            if (a.write()) {
                if (a.offset() == 0x4C && (a.value() & 1) != 0) {
                    assertTrue(commands.hasNext(), where + ": more starts than commands");
                    putCommand(dev, commands.next());
                }
                dev.write(a.offset(), a.size(), a.value());
            } else if (a.offset() == 0x4C) {
                if (a.value() == 0) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (dev.read(0x4C, a.size()) != 0) {
                        assertTrue(System.nanoTime() < deadline, where + ": CTRL_START never cleared");
                        Thread.onSpinWait();
                    }
                    responses.add(takeResponse(dev, where));
                } else {
                    long v = dev.read(0x4C, a.size());
                    assertTrue(v == 0 || v == 1, where + ": CTRL_START read " + v);
                }
            } else {
                long expected = expectedOverrides.getOrDefault(a.offset(), a.value());
                assertEquals(expected, dev.read(a.offset(), a.size()), where);
            }
        }
        assertTrue(!commands.hasNext(), "commands left over");
        return responses;
    }

    private static void putCommand(CrbDevice dev, byte[] cmd) {
        int i = 0;
        for (; i + 8 <= cmd.length; i += 8) {
            long v = 0;
            for (int k = 7; k >= 0; k--) {
                v = v << 8 | (cmd[i + k] & 0xFF);
            }
            dev.write(0x80 + i, 8, v);
        }
        for (; i < cmd.length; i++) {
            dev.write(0x80 + i, 1, cmd[i] & 0xFF);
        }
    }

    private static byte[] takeResponse(CrbDevice dev, String where) {
        long head = dev.read(0x80, 8);
        int size = Integer.reverseBytes((int) (head >>> 16));
        assertTrue(size >= 10 && size <= dev.commandBufferSize(), where + ": response size " + size);
        byte[] rsp = new byte[size];
        for (int i = 0; i < size; i++) {
            rsp[i] = (byte) dev.read(0x80 + i, 1);
        }
        return rsp;
    }
}
