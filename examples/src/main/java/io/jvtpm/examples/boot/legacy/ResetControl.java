package io.jvtpm.examples.boot.legacy;

/**
 * The reset control register at port 0xCF9 (Intel ICH/PCH datasheets, "Reset Control
 * Register"): bit 1 SYS_RST selects a hard reset, bit 2 RST_CPU starts the reset on its 0-to-1
 * transition, bit 3 FULL_RST asks for a full power cycle. Writes of 0x06 and 0x0E, as Linux's
 * reboot=pci does after 0x02, reset the platform. Reads return bits 1 and 3.
 */
public final class ResetControl implements PortDevice {

    public static final int PORT = 0xCF9;
    public static final int SYS_RST = 0x02;
    public static final int RST_CPU = 0x04;
    public static final int FULL_RST = 0x08;

    private final PlatformEvents events;
    private int value;

    public ResetControl(PlatformEvents events) {
        this.events = events;
    }

    @Override
    public int basePort() {
        return PORT;
    }

    @Override
    public int portCount() {
        return 1;
    }

    @Override
    public synchronized long read(long offset, int size) {
        return PortBits.widen(value, size);
    }

    @Override
    public void write(long offset, int size, long v) {
        int b = (int) (v & 0xFF);
        ResetCause cause = null;
        synchronized (this) {
            boolean start = (b & RST_CPU) != 0 && (value & RST_CPU) == 0;
            value = b & (SYS_RST | FULL_RST);
            if (start) {
                cause = (b & FULL_RST) != 0 ? ResetCause.RESET_CONTROL_FULL
                        : (b & SYS_RST) != 0 ? ResetCause.RESET_CONTROL_HARD : ResetCause.RESET_CONTROL_SOFT;
            }
        }
        if (cause != null) {
            events.reset(cause);
        }
    }
}
