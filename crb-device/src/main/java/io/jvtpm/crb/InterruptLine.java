package io.jvtpm.crb;

/**
 * The CRB interface's interrupt output (PTP section 6.5.3.11-12): a level, asserted while an
 * enabled interrupt status bit is set and TPM_CRB_INT_ENABLE_x.globalEnable is 1. The device
 * calls it only when the level changes, while holding its lock, from a vCPU thread or its command
 * thread: an implementation must be quick and must not call back into the device.
 */
@FunctionalInterface
public interface InterruptLine {

    /** No interrupt wired (the ACPI description then names no interrupt; drivers poll). */
    InterruptLine NONE = asserted -> { };

    void set(boolean asserted);
}
