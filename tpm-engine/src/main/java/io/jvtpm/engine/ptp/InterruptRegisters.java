package io.jvtpm.engine.ptp;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupt enable and status registers and the one level-triggered line they drive (PTP
 * "Interrupts": TIS TPM_INT_ENABLE_x/TPM_INT_STATUS_x per locality, CRB
 * TPM_CRB_INT_ENABLE_x/TPM_CRB_INT_STS_x). A source sets its status bit only while enabled,
 * status bits are write-1-to-clear, and the line is asserted while some bank has its global
 * enable bit and an enabled status bit set. The bit layout is the device's. Not thread-safe: the
 * device guards it.
 */
public final class InterruptRegisters {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptRegisters.class);

    private final Layout layout;
    private final InterruptLine line;
    private final int[] enable;
    private final int[] status;
    private boolean asserted;

    /**
     * Where a device keeps its bits in the enable register.
     *
     * @param globalEnable the global enable bit
     * @param sources      the source bits (the same positions in the status register)
     * @param writable     the enable bits a write may change (global enable and sources included)
     * @param resetValue   the enable register after reset
     */
    public record Layout(int globalEnable, int sources, int writable, int resetValue) {
        public Layout {
            if ((writable & (globalEnable | sources)) != (globalEnable | sources) || (resetValue & ~writable) != 0) {
                throw new IllegalArgumentException("writable bits must hold the global enable, the sources and the reset value");
            }
        }
    }

    /** {@code banks} enable/status pairs (one per locality for TIS, one for CRB) driving {@code line}. */
    public InterruptRegisters(int banks, Layout layout, InterruptLine line) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.line = Objects.requireNonNull(line, "line (use InterruptLine.NONE)");
        this.enable = new int[banks];
        this.status = new int[banks];
        reset();
    }

    /** Reset values in every bank: enable as the layout says, nothing pending, line released. */
    public void reset() {
        for (int b = 0; b < enable.length; b++) {
            enable[b] = layout.resetValue();
            status[b] = 0;
        }
        update();
    }

    /** The enable register of {@code bank}. */
    public int enable(int bank) {
        return enable[bank];
    }

    /** The status register of {@code bank}. */
    public int status(int bank) {
        return status[bank];
    }

    /** Whether the line is asserted now. */
    public boolean asserted() {
        return asserted;
    }

    /** A write of {@code value} to the enable register of {@code bank}, only the bytes in {@code byteMask} written. */
    public void writeEnable(int bank, int value, int byteMask) {
        enable[bank] = (enable[bank] & ~byteMask) | (value & byteMask & layout.writable());
        update();
    }

    /** Write-1-to-clear of the status register of {@code bank}. */
    public void clearStatus(int bank, int bits) {
        status[bank] &= ~bits;
        update();
    }

    /** The events behind the source bits {@code sources} happened on {@code bank}. */
    public void raise(int bank, int sources) {
        int hit = sources & enable[bank] & layout.sources();
        if (hit != 0) {
            status[bank] |= hit;
            update();
        }
    }

    private void update() {
        boolean level = false;
        for (int b = 0; b < enable.length && !level; b++) {
            level = (enable[b] & layout.globalEnable()) != 0 && (status[b] & enable[b] & layout.sources()) != 0;
        }
        if (level != asserted) {
            asserted = level;
            try {
                line.set(level);
            } catch (RuntimeException e) {
                LOG.warn("the VMM's interrupt line failed to go {}: {}", level ? "up" : "down", e.toString());
            }
        }
    }
}
