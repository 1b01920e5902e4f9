package io.jvtpm.tis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A QEMU 7.2 trace of a guest's TIS MMIO accesses (events tpm_tis_mmio_read/_write,
 * tpm_tis_data_read, tpm_util_show_buffer), parsed into the accesses and the TPM's traffic.
 * QEMU's read event prints the register value before it is cut to the access size, and a FIFO
 * read as size 0 (it counts the bytes down); the byte count is the number of data_read events
 * before it.
 */
final class QemuTrace {
    /** One event of the trace, in order. */
    sealed interface Event permits Read, Write, Buffer {
    }

    /** A guest read of {@code size} bytes at {@code offset} that returned {@code value} (uncut). */
    record Read(long offset, int size, long value, int line) implements Event {
    }

    /** A guest write. */
    record Write(long offset, int size, long value, int line) implements Event {
    }

    /** Bytes that went to the TPM ({@code toTpm}) or came back. */
    record Buffer(boolean toTpm, byte[] bytes) implements Event {
    }

    private static final Pattern ACCESS = Pattern.compile("tpm_tis_mmio_(read|write)\\s+(read|write)\\.(\\d+)\\(0x([0-9a-f]+)\\) = 0x([0-9a-f]+)");
    private static final Pattern BUFFER = Pattern.compile("tpm_util_show_buffer direction: (To|From) TPM len: (\\d+)");

    private QemuTrace() {
    }

    static List<Event> load(String resource) {
        try (InputStream raw = QemuTrace.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return parse(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Event> parse(BufferedReader in) throws IOException {
        List<Event> events = new ArrayList<>();
        int dataReads = 0;
        int lineNo = 0;
        String line = in.readLine();
        while (line != null) {
            lineNo++;
            Matcher m = ACCESS.matcher(line);
            Matcher b = BUFFER.matcher(line);
            if (line.contains("tpm_tis_data_read")) {
                dataReads++;
            } else if (m.find()) {
                int size = Integer.parseInt(m.group(3));
                long offset = Long.parseLong(m.group(4), 16);
                long value = Long.parseLong(m.group(5), 16);
                if (m.group(2).equals("read")) {
                    if (size == 0) {
                        size = Math.max(1, dataReads);
                    }
                    events.add(new Read(offset, size, value, lineNo));
                } else {
                    events.add(new Write(offset, size, value, lineNo));
                }
                dataReads = 0;
            } else if (b.find()) {
                int len = Integer.parseInt(b.group(2));
                StringBuilder hex = new StringBuilder();
                line = in.readLine();
                while (line != null && line.startsWith("          ")) {
                    lineNo++;
                    hex.append(line.replace(" ", ""));
                    line = in.readLine();
                }
                byte[] bytes = HexFormat.of().parseHex(hex.toString());
                if (bytes.length < len) {
                    throw new IllegalStateException("short buffer dump before line " + lineNo);
                }
                events.add(new Buffer(b.group(1).equals("To"), java.util.Arrays.copyOf(bytes, len)));
                lineNo++;
                continue;
            }
            line = in.readLine();
        }
        return events;
    }
}
