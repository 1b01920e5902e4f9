package io.jvtpm.acpi.aml.resource;

/**
 * Trigger mode, polarity, sharing and wake capability of an interrupt (ACPI 6.5 sections 6.4.2.1
 * and 6.4.3.6: _HE, _LL, _SHR, _WKC).
 */
public record InterruptFlags(boolean edgeTriggered, boolean activeLow, boolean shared, boolean wakeCapable) {

    /** Level-triggered, active-high, exclusive (a PCI-style line on an I/O APIC). */
    public static final InterruptFlags LEVEL_HIGH = new InterruptFlags(false, false, false, false);
    /** Edge-triggered, active-high, exclusive (ISA style). */
    public static final InterruptFlags EDGE_HIGH = new InterruptFlags(true, false, false, false);
    /** Level-triggered, active-low, shared (PCI INTx style). */
    public static final InterruptFlags LEVEL_LOW_SHARED = new InterruptFlags(false, true, true, false);
}
