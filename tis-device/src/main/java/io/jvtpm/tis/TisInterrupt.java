package io.jvtpm.tis;

/**
 * The TPM's interrupt line as the VMM wires it (PC Client Platform TPM Profile for TPM 2.0,
 * FIFO interrupts): level-triggered; {@code set(true)} asserts it, {@code set(false)} releases
 * it. Called with the device's lock held, from vCPU threads and the command thread, only when
 * the level changes; it must not block and must not call back into the device.
 */
@FunctionalInterface
public interface TisInterrupt {
    /** A line that goes nowhere (interrupts not wired). */
    TisInterrupt NONE = asserted -> { };

    /** Drives the line. */
    void set(boolean asserted);
}
