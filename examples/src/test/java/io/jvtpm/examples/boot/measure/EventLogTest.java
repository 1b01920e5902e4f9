package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.engine.testing.Golden;
import io.jvtpm.engine.wire.HashAlgorithm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventLogTest {

    private static Map<HashAlgorithm, byte[]> digestsOf(List<HashAlgorithm> banks, byte[] data) {
        Map<HashAlgorithm, byte[]> d = new EnumMap<>(HashAlgorithm.class);
        for (HashAlgorithm a : banks) {
            d.put(a, a.digest(data));
        }
        return d;
    }

    @Test
    void specIdHeaderLayout() {
        List<HashAlgorithm> banks = List.of(HashAlgorithm.SHA1, HashAlgorithm.SHA256, HashAlgorithm.SHA384, HashAlgorithm.SHA512);
        EventLog log = new EventLog(banks, 0x10000);
        ByteBuffer b = ByteBuffer.wrap(log.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getInt(0), "PCR 0");
        assertEquals(3, b.getInt(4), "EV_NO_ACTION");
        assertEquals(45, b.getInt(28), "event size as QEMU/SeaBIOS's four-bank Spec ID event");
        assertEquals("Spec ID Event03\0", new String(log.bytes(), 32, 16, StandardCharsets.US_ASCII));
        assertEquals(4, b.getInt(32 + 24), "numberOfAlgorithms");
        assertEquals(0x000B, b.getShort(32 + 28 + 4));
        assertEquals(32, b.getShort(32 + 28 + 6));
        assertEquals(32 + 45, log.size());
    }

    @Test
    void eventsMatchGoldenBytesAndReplay() throws IOException {
        List<HashAlgorithm> banks = List.of(HashAlgorithm.SHA1, HashAlgorithm.SHA256);
        EventLog log = new EventLog(banks, 4096);
        byte[] sep = {0, 0, 0, 0};
        log.append(0, TcgEventType.EV_SEPARATOR, digestsOf(banks, sep), sep);
        byte[] k = "kernel".getBytes(StandardCharsets.US_ASCII);
        log.append(4, TcgEventType.EV_IPL, digestsOf(banks, k), "Linux bzImage".getBytes(StandardCharsets.US_ASCII));
        log.append(4, TcgEventType.EV_SEPARATOR, digestsOf(banks, sep), sep);
        Golden.checkText("eventlog-sha1-sha256.hex", Golden.hexDump(log.bytes()));

        byte[] pcr4 = new byte[32];
        pcr4 = HashAlgorithm.SHA256.digest(pcr4, HashAlgorithm.SHA256.digest(k));
        pcr4 = HashAlgorithm.SHA256.digest(pcr4, HashAlgorithm.SHA256.digest(sep));
        assertArrayEquals(pcr4, log.replay(HashAlgorithm.SHA256, 4));
        assertEquals("b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236",
                HexFormat.of().formatHex(log.replay(HashAlgorithm.SHA1, 0)), "a PCR holding one separator, as real logs show for SHA-1");
        assertArrayEquals(new byte[20], log.replay(HashAlgorithm.SHA1, 5));
        assertEquals(3, log.events().size());
        assertEquals(4096, log.area().length);
    }

    @Test
    void refusesWhenFullAndChecksDigests() {
        List<HashAlgorithm> banks = List.of(HashAlgorithm.SHA256);
        EventLog log = new EventLog(banks, 200);
        byte[] data = new byte[40];
        log.append(1, TcgEventType.EV_ACTION, digestsOf(banks, data), data);
        assertFalse(log.fits(40));
        assertThrows(IllegalStateException.class, () -> log.append(1, TcgEventType.EV_ACTION, digestsOf(banks, data), data));
        EventLog roomy = new EventLog(banks, 4096);
        assertThrows(IllegalArgumentException.class,
                () -> roomy.append(1, TcgEventType.EV_ACTION, digestsOf(List.of(HashAlgorithm.SHA1), data), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EventLog(banks, 40));
        assertThrows(IllegalArgumentException.class, () -> new EventLog(List.of(), 4096));
    }
}
