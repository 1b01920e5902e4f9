package io.jvtpm.tis.irq;

import io.jvtpm.tis.TisInterrupt;
import io.jvtpm.tis.register.Interrupts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TPM_INT_ENABLE_x and TPM_INT_STATUS_x of the five localities and the one interrupt line
 * they drive (PC Client Platform TPM Profile for TPM 2.0, "Interrupts" and the
 * TPM_INT_ENABLE_x / TPM_INT_STATUS_x registers). A source sets its status bit only while enabled; the line is asserted
 * while some locality has globalIntEnable and an enabled status bit set (level-triggered).
 * Not thread-safe: the device guards it.
 */
public final class InterruptLogic {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptLogic.class);
    private final int[] enable;
    private final int[] status;
    private final TisInterrupt line;
    private boolean asserted;

    /** Interrupt registers for {@code localities} localities driving {@code line}. */
    public InterruptLogic(int localities, TisInterrupt line) {
        this.enable = new int[localities];
        this.status = new int[localities];
        this.line = line;
        reset();
    }

    /** Reset values: all sources off, typePolarity low level, nothing pending, line deasserted. */
    public void reset() {
        for (int l = 0; l < enable.length; l++) {
            enable[l] = Interrupts.TYPE_POLARITY_LOW_LEVEL;
            status[l] = 0;
        }
        update();
    }

    /** TPM_INT_ENABLE_x. */
    public int enable(int locality) {
        return enable[locality];
    }

    /** TPM_INT_STATUS_x. */
    public int status(int locality) {
        return status[locality];
    }

    /** Whether the line is asserted now. */
    public boolean asserted() {
        return asserted;
    }

    /**
     * Writes TPM_INT_ENABLE_x: {@code value} in the bytes selected by {@code byteMask}
     * (globalIntEnable, typePolarity and the four sources are writable; the rest reads 0).
     */
    public void writeEnable(int locality, int value, int byteMask) {
        int writable = Interrupts.GLOBAL_INT_ENABLE | Interrupts.TYPE_POLARITY_MASK | Interrupts.ALL_SOURCES;
        enable[locality] = (enable[locality] & ~byteMask) | (value & byteMask & writable);
        update();
    }

    /** Write-1-to-clear of TPM_INT_STATUS_x. */
    public void clearStatus(int locality, int bits) {
        status[locality] &= ~bits;
        update();
    }

    /** Sources {@code sources} occurred on {@code locality}. */
    public void raise(int locality, int sources) {
        int hit = sources & enable[locality] & Interrupts.ALL_SOURCES;
        if (hit != 0) {
            status[locality] |= hit;
            update();
        }
    }

    private void update() {
        boolean level = false;
        for (int l = 0; l < enable.length; l++) {
            if ((enable[l] & Interrupts.GLOBAL_INT_ENABLE) != 0 && (status[l] & enable[l] & Interrupts.ALL_SOURCES) != 0) {
                level = true;
                break;
            }
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
