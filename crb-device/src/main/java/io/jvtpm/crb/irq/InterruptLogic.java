package io.jvtpm.crb.irq;

import io.jvtpm.crb.InterruptLine;
import io.jvtpm.crb.regs.CrbInterrupt;

/**
 * TPM_CRB_INT_ENABLE_x and TPM_CRB_INT_STS_x (PTP sections 6.5.3.11-12) and the level they put
 * on the interrupt line: a source sets its status bit only while enabled, the status bits are
 * write-1-to-clear, and the line is asserted while globalEnable is set and an enabled status bit
 * is. Not thread-safe: the device guards it.
 */
public final class InterruptLogic {

    private static final int ENABLE_WRITABLE = CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.SOURCES;

    private final InterruptLine line;
    private int enable;
    private int status;
    private boolean asserted;

    public InterruptLogic(InterruptLine line) {
        this.line = line;
    }

    /** TPM_CRB_INT_ENABLE_x. */
    public int enable() {
        return enable;
    }

    /** TPM_CRB_INT_STS_x. */
    public int status() {
        return status;
    }

    public boolean asserted() {
        return asserted;
    }

    /** A write of {@code bits} to INT_ENABLE, of which only the bytes in {@code mask} were written. */
    public void writeEnable(int bits, int mask) {
        enable = ((enable & ~mask) | (bits & mask)) & ENABLE_WRITABLE;
        update();
    }

    /** A write of {@code bits} to INT_STS: the ones clear. */
    public void clearStatus(int bits) {
        status &= ~bits;
        update();
    }

    /** The event behind {@code source} happened. */
    public void raise(CrbInterrupt source) {
        if ((enable & source.mask()) != 0) {
            status |= source.mask();
            update();
        }
    }

    /** Power-on: everything off, the line released. */
    public void reset() {
        enable = 0;
        status = 0;
        update();
    }

    private void update() {
        boolean level = (enable & CrbInterrupt.GLOBAL_ENABLE) != 0 && (status & enable & CrbInterrupt.SOURCES) != 0;
        if (level != asserted) {
            asserted = level;
            line.set(level);
        }
    }
}
