package io.jvtpm.examples.boot.legacy;

import java.util.function.LongSupplier;

/**
 * The ACPI power-management timer (ACPI 6.5 section 4.8.3.3): a free-running 3.579545 MHz
 * counter read at PM_TMR_BLK (4 bytes). This one counts 32 bits (the FADT sets TMR_VAL_EXT).
 * Writes are ignored; the timer overflow status/SCI is not generated (TMR_EN stays clear).
 */
public final class AcpiPmTimer implements PortDevice {

    public static final int FREQUENCY_HZ = 3_579_545;
    /** QEMU's q35 puts the timer at PMBASE + 8. */
    public static final int DEFAULT_PORT = AcpiPm1Block.DEFAULT_BASE + 8;

    private final int port;
    private final LongSupplier nanoClock;
    private final long start;

    /** A timer at {@code port} that counts from {@code nanoClock} (System::nanoTime in a VM). */
    public AcpiPmTimer(int port, LongSupplier nanoClock) {
        this.port = port;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public int basePort() {
        return port;
    }

    @Override
    public int portCount() {
        return 4;
    }

    @Override
    public long read(long offset, int size) {
        long elapsed = nanoClock.getAsLong() - start;
        long ticks = ticksOf(Math.max(elapsed, 0));
        long value = (ticks & 0xFFFF_FFFFL) >>> (8 * offset);
        return size >= 8 ? value : value & ((1L << (size * 8)) - 1);
    }

    private static long ticksOf(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return seconds * FREQUENCY_HZ + rest * FREQUENCY_HZ / 1_000_000_000L;
    }

    @Override
    public void write(long offset, int size, long value) {
        // the timer is read-only
    }
}
