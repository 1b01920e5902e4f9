package io.jvtpm.examples.boot.legacy;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MC146818-compatible CMOS real-time clock at ports 0x70 (index, bit 7 = NMI disable) and
 * 0x71 (data): seconds, minutes, hours, weekday, day, month, year and century (register 0x32)
 * from a host clock in UTC, status registers A-D, 114 bytes of CMOS RAM. The time follows the
 * host: writes to time registers are ignored; the format bits of status B (24-hour, binary)
 * are honoured. No update, alarm or periodic interrupts are raised (IRQ 8 stays idle).
 */
public final class CmosRtc implements PortDevice {

    private static final Logger LOG = LoggerFactory.getLogger(CmosRtc.class);

    public static final int BASE = 0x70;
    public static final int SECONDS = 0x00;
    public static final int MINUTES = 0x02;
    public static final int HOURS = 0x04;
    public static final int WEEKDAY = 0x06;
    public static final int DAY = 0x07;
    public static final int MONTH = 0x08;
    public static final int YEAR = 0x09;
    public static final int STATUS_A = 0x0A;
    public static final int STATUS_B = 0x0B;
    public static final int STATUS_C = 0x0C;
    public static final int STATUS_D = 0x0D;
    public static final int CENTURY = 0x32;
    public static final int B_24H = 0x02;
    public static final int B_BINARY = 0x04;
    public static final int D_VALID_RAM = 0x80;
    /** 32.768 kHz time base, 1024 Hz rate; UIP clear. */
    public static final int A_DEFAULT = 0x26;

    private final Clock clock;
    private final byte[] ram = new byte[128];
    private int index;

    public CmosRtc(Clock clock) {
        this.clock = clock;
        ram[STATUS_A] = A_DEFAULT;
        ram[STATUS_B] = B_24H;
        ram[STATUS_D] = (byte) D_VALID_RAM;
    }

    @Override
    public int basePort() {
        return BASE;
    }

    @Override
    public int portCount() {
        return 2;
    }

    @Override
    public synchronized long read(long offset, int size) {
        if (offset == 0) {
            return PortBits.floating(size);
        }
        return PortBits.widen(readRegister(index), size);
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        int v = (int) (value & 0xFF);
        if (offset == 0) {
            index = v & 0x7F;
            return;
        }
        switch (index) {
            case SECONDS, MINUTES, HOURS, WEEKDAY, DAY, MONTH, YEAR, CENTURY ->
                    LOG.debug("RTC time register 0x{} write ignored: the clock follows the host", Integer.toHexString(index));
            case STATUS_A -> ram[STATUS_A] = (byte) ((v & 0x7F & ~0x70) | (A_DEFAULT & 0x70));
            case STATUS_B -> ram[STATUS_B] = (byte) (v & (B_24H | B_BINARY | 0x80));
            case STATUS_C, STATUS_D -> LOG.debug("RTC status register 0x{} is read-only", Integer.toHexString(index));
            default -> ram[index] = (byte) v;
        }
    }

    private int readRegister(int reg) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        return switch (reg) {
            case SECONDS -> encode(now.getSecond());
            case MINUTES -> encode(now.getMinute());
            case HOURS -> hours(now.getHour());
            case WEEKDAY -> encode(now.getDayOfWeek().getValue() % 7 + 1);
            case DAY -> encode(now.getDayOfMonth());
            case MONTH -> encode(now.getMonthValue());
            case YEAR -> encode(now.getYear() % 100);
            case CENTURY -> encode(now.getYear() / 100);
            case STATUS_C -> 0;
            default -> ram[reg] & 0xFF;
        };
    }

    private int hours(int h) {
        if ((ram[STATUS_B] & B_24H) != 0) {
            return encode(h);
        }
        int h12 = h % 12 == 0 ? 12 : h % 12;
        return encode(h12) | (h >= 12 ? 0x80 : 0);
    }

    private int encode(int v) {
        return (ram[STATUS_B] & B_BINARY) != 0 ? v : (v / 10) << 4 | v % 10;
    }
}
