package io.jvtpm.examples.boot.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class CmosRtcTest {

    private final CmosRtc rtc = new CmosRtc(Clock.fixed(Instant.parse("2026-11-28T21:07:09Z"), ZoneOffset.UTC));

    private int reg(int r) {
        rtc.write(0, 1, 0x80 | r);
        return (int) rtc.read(1, 1);
    }

    @Test
    void readsHostTimeInBcd24Hour() {
        assertEquals(0, reg(CmosRtc.STATUS_A) & 0x80, "no update in progress");
        assertEquals(0x09, reg(CmosRtc.SECONDS));
        assertEquals(0x07, reg(CmosRtc.MINUTES));
        assertEquals(0x21, reg(CmosRtc.HOURS));
        assertEquals(0x28, reg(CmosRtc.DAY));
        assertEquals(0x11, reg(CmosRtc.MONTH));
        assertEquals(0x26, reg(CmosRtc.YEAR));
        assertEquals(0x20, reg(CmosRtc.CENTURY));
        assertEquals(7, reg(CmosRtc.WEEKDAY), "Saturday is day 7 (Sunday = 1)");
        assertEquals(0x80, reg(CmosRtc.STATUS_D));
    }

    @Test
    void honoursBinaryAnd12HourFormats() {
        reg(CmosRtc.STATUS_B);
        rtc.write(1, 1, CmosRtc.B_BINARY);
        assertEquals(21 - 12 | 0x80, reg(CmosRtc.HOURS), "9 PM in binary 12-hour form");
        assertEquals(9, reg(CmosRtc.SECONDS));
    }

    @Test
    void keepsRamAndIgnoresTimeWrites() {
        reg(0x40);
        rtc.write(1, 1, 0xA5);
        assertEquals(0xA5, reg(0x40));
        reg(CmosRtc.SECONDS);
        rtc.write(1, 1, 0x59);
        assertEquals(0x09, reg(CmosRtc.SECONDS));
        assertEquals(0xFF, rtc.read(0, 1), "the index port reads float");
    }
}
