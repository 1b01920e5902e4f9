package io.jvtpm.engine.ptp;

/**
 * A TPM interface's interrupt output as the VMM wires it (PTP "Interrupts", TIS
 * TPM_INT_ENABLE_x/TPM_INT_STATUS_x, CRB TPM_CRB_INT_ENABLE_x/TPM_CRB_INT_STS_x): a level,
 * {@code set(true)} asserts it, {@code set(false)} releases it. A device calls it only when the
 * level changes, with its lock held, from a vCPU thread or its command thread: an implementation
 * must be quick, must not block and must not call back into the device.
 */
@FunctionalInterface
public interface InterruptLine {

    /** A line that goes nowhere (interrupts not wired; drivers poll). */
    InterruptLine NONE = asserted -> { };

    /** Drives the line to {@code asserted}. */
    void set(boolean asserted);
}
