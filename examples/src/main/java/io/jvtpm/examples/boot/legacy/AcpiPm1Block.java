package io.jvtpm.examples.boot.legacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACPI fixed-hardware PM1a event and control blocks (ACPI 6.5 section 4.8.3.1 PM1 event
 * grouping: PM1_STS, PM1_EN; section 4.8.3.2 PM1 control: SCI_EN, SLP_TYP, SLP_EN), laid out as
 * on Intel's ICH9 (and QEMU q35): PM1_STS at base+0, PM1_EN at base+2, PM1_CNT at base+4; the
 * FADT gives PM1a_EVT_BLK = base (length 4) and PM1a_CNT_BLK = base + 4 (length 2).
 *
 * <p>SCI_EN reads as 1: the platform is always in ACPI mode, so the OS never needs SMI_CMD to
 * switch. Writing SLP_EN with SLP_TYP equal to the DSDT's \_S5 value powers off; other sleep
 * states are not offered by the DSDT and are ignored.
 *
 * <p>The fixed power button (ACPI 6.5 section 4.8.2.2.1.1; the FADT's PWR_BUTTON flag clear):
 * {@link #pressPowerButton()} sets PWRBTN_STS, and the SCI line is high while a status bit is set
 * whose enable bit is set (PWRBTN_EN), level-triggered as the FADT's SCI_INT is wired on PCs; the
 * OS clears the status by writing 1 to it, which lowers the line.
 */
public final class AcpiPm1Block implements PortDevice {

    private static final Logger LOG = LoggerFactory.getLogger(AcpiPm1Block.class);

    /** ICH9's PMBASE as QEMU's q35 sets it. */
    public static final int DEFAULT_BASE = 0x600;
    public static final int PM1_STS = 0;
    public static final int PM1_EN = 2;
    public static final int PM1_CNT = 4;
    public static final int EVT_LENGTH = 4;
    public static final int CNT_LENGTH = 2;

    public static final int STS_TMR = 0x0001;
    public static final int STS_PWRBTN = 0x0100;
    public static final int STS_WAK = 0x8000;
    public static final int STS_WRITABLE = 0x8D31;
    public static final int EN_WRITABLE = 0x0521;
    public static final int CNT_SCI_EN = 0x0001;
    public static final int CNT_SLP_TYP_SHIFT = 10;
    public static final int CNT_SLP_TYP_MASK = 0x1C00;
    public static final int CNT_SLP_EN = 0x2000;

    private final int base;
    private final int s5SleepType;
    private final PlatformEvents events;
    private final InterruptLine sci;
    private boolean sciHigh;
    private int sts;
    private int en;
    private int cnt = CNT_SCI_EN;

    /**
     * PM1 blocks at {@code base} with no SCI wired; {@code s5SleepType} is the SLP_TYPa value of
     * the DSDT's \_S5 package (0..7).
     */
    public AcpiPm1Block(int base, int s5SleepType, PlatformEvents events) {
        this(base, s5SleepType, events, high -> { });
    }

    /** PM1 blocks at {@code base} whose fixed events raise {@code sci}, the FADT's SCI_INT. */
    public AcpiPm1Block(int base, int s5SleepType, PlatformEvents events, InterruptLine sci) {
        if (s5SleepType < 0 || s5SleepType > 7) {
            throw new IllegalArgumentException("SLP_TYP is 3 bits, got " + s5SleepType);
        }
        this.base = base;
        this.s5SleepType = s5SleepType;
        this.events = events;
        this.sci = sci;
    }

    /** A press of the fixed power button: PWRBTN_STS set, the SCI raised if the OS enabled PWRBTN_EN. */
    public synchronized void pressPowerButton() {
        sts |= STS_PWRBTN;
        updateSci();
    }

    /** True while the SCI line is high. */
    public synchronized boolean sciAsserted() {
        return sciHigh;
    }

    private void updateSci() {
        boolean high = (sts & en & EN_WRITABLE) != 0;
        if (high != sciHigh) {
            sciHigh = high;
            sci.set(high);
        }
    }

    @Override
    public int basePort() {
        return base;
    }

    @Override
    public int portCount() {
        return EVT_LENGTH + CNT_LENGTH;
    }

    @Override
    public synchronized long read(long offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) readByte((int) offset + i) << (8 * i);
        }
        return v;
    }

    @Override
    public void write(long offset, int size, long value) {
        boolean off = false;
        synchronized (this) {
            for (int i = 0; i < size; i++) {
                off |= writeByte((int) offset + i, (int) (value >>> (8 * i)) & 0xFF);
            }
            updateSci();
        }
        if (off) {
            LOG.debug("guest entered S5 through PM1a_CNT");
            events.powerOff();
        }
    }

    private int readByte(int off) {
        int reg = switch (off & ~1) {
            case PM1_STS -> sts;
            case PM1_EN -> en;
            case PM1_CNT -> cnt;
            default -> 0xFFFF;
        };
        return (off & 1) == 0 ? reg & 0xFF : reg >>> 8 & 0xFF;
    }

    /** Applies one byte; returns true when it put the platform into S5. */
    private boolean writeByte(int off, int b) {
        int shift = (off & 1) * 8;
        int mask = 0xFF << shift;
        int bits = b << shift;
        switch (off & ~1) {
            case PM1_STS -> sts &= ~(bits & STS_WRITABLE);
            case PM1_EN -> en = (en & ~mask) | (bits & EN_WRITABLE & mask);
            case PM1_CNT -> {
                int written = (cnt & ~mask) | (bits & mask);
                cnt = (written & ~CNT_SLP_EN) | CNT_SCI_EN;
                if ((written & CNT_SLP_EN) != 0 && (mask & CNT_SLP_EN) != 0) {
                    int type = (written & CNT_SLP_TYP_MASK) >>> CNT_SLP_TYP_SHIFT;
                    if (type == s5SleepType) {
                        return true;
                    }
                    LOG.debug("sleep type {} requested; only S5 ({}) is offered, ignored", type, s5SleepType);
                }
            }
            default -> LOG.debug("write to unused PM1 port offset {} ignored", off);
        }
        return false;
    }
}
