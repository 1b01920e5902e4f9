package io.jvtpm.kvm.irq;

/**
 * One interrupt line into the in-kernel irqchip (KVM_IRQ_LINE, linux/kvm.h): level assert/deassert, or an
 * edge as a pulse (raise then lower). A device holds this and never sees KVM.
 */
public final class IrqLine {
    /** Where the line's level goes: the VM's KVM_IRQ_LINE, or anything else in tests. */
    @FunctionalInterface
    public interface Sink {
        /** Drives line {@code irq} to {@code high}. */
        void setLevel(int irq, boolean high);
    }

    private final int irq;
    private final Sink sink;

    /** The line {@code irq} (a GSI: 0-15 reach the PIC and IOAPIC, 16-23 the IOAPIC). */
    public IrqLine(int irq, Sink sink) {
        if (irq < 0) {
            throw new IllegalArgumentException("IRQ " + irq + " is negative");
        }
        this.irq = irq;
        this.sink = sink;
    }

    /** The GSI number. */
    public int irq() {
        return irq;
    }

    /** Level-triggered: drive the line high. */
    public void assertLine() {
        sink.setLevel(irq, true);
    }

    /** Level-triggered: drive the line low. */
    public void deassertLine() {
        sink.setLevel(irq, false);
    }

    /** Drives the line to {@code high}. */
    public void set(boolean high) {
        sink.setLevel(irq, high);
    }

    /** Edge-triggered: one rising edge, then back low. */
    public void pulse() {
        sink.setLevel(irq, true);
        sink.setLevel(irq, false);
    }
}
