package io.jvtpm.examples.boot.legacy;

/** The level of a device's ISA interrupt request line (PC/AT IRQ wiring; KVM_IRQ_LINE takes it as is). */
@FunctionalInterface
public interface InterruptLine {
    void set(boolean high);
}
