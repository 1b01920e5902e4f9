package io.jvtpm.examples.boot.legacy;

/**
 * What the platform's reset and power controls ask of the VMM's run loop (PC/AT keyboard
 * controller reset, the 0xCF9 reset control register, ACPI 6.5 section 4.8.3.2 PM1 control
 * SLP_TYP/SLP_EN). The run loop stops the vCPUs and acts; the devices only report.
 */
public interface PlatformEvents {

    /** The guest asked for a platform reset. */
    void reset(ResetCause cause);

    /** The platform reset, for {@code cause}, with {@code source} telling more (a vCPU's state, the KVM event). */
    default void reset(ResetCause cause, String source) {
        reset(cause);
    }

    /** The guest entered S5 (soft off). */
    void powerOff();
}
