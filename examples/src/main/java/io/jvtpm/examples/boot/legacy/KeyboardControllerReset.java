package io.jvtpm.examples.boot.legacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reset path of the PC/AT 8042 keyboard controller at ports 0x60 (data) and 0x64
 * (status/command): command 0xFE pulses the CPU reset line, and command 0xD1 (write output
 * port) followed by a data byte with bit 0 clear does the same. No keyboard is attached: the
 * status reads 0x1C (system flag, last write was a command, keyboard not inhibited) with both
 * buffers empty, so Linux's kb_wait() never stalls. Ports relative to 0x60: 0 = data, 4 = status.
 */
public final class KeyboardControllerReset implements PortDevice {

    private static final Logger LOG = LoggerFactory.getLogger(KeyboardControllerReset.class);

    public static final int BASE = 0x60;
    public static final int DATA = 0;
    public static final int STATUS_COMMAND = 4;
    public static final int CMD_WRITE_OUTPUT_PORT = 0xD1;
    public static final int CMD_PULSE_RESET = 0xFE;
    /** Status: system flag (POST passed), A2 = command, keyboard enabled; no buffer full. */
    public static final int STATUS = 0x1C;

    private final PlatformEvents events;
    private boolean awaitingOutputPort;

    public KeyboardControllerReset(PlatformEvents events) {
        this.events = events;
    }

    @Override
    public int basePort() {
        return BASE;
    }

    @Override
    public int portCount() {
        return 5;
    }

    @Override
    public synchronized long read(long offset, int size) {
        return switch ((int) offset) {
            case STATUS_COMMAND -> PortBits.widen(STATUS, size);
            case DATA -> PortBits.widen(0, size);
            default -> PortBits.floating(size);
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) (value & 0xFF);
        boolean reset = false;
        synchronized (this) {
            if (offset == STATUS_COMMAND) {
                awaitingOutputPort = v == CMD_WRITE_OUTPUT_PORT;
                reset = v == CMD_PULSE_RESET;
            } else if (offset == DATA) {
                reset = awaitingOutputPort && (v & 1) == 0;
                awaitingOutputPort = false;
            }
        }
        if (reset) {
            LOG.debug("8042 reset (0x{} to port 0x{})", Integer.toHexString(v), Integer.toHexString(BASE + (int) offset));
            events.reset(ResetCause.KEYBOARD_CONTROLLER);
        }
    }
}
