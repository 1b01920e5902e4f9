/** Interrupt lines into the in-kernel irqchip (linux/kvm.h KVM_IRQ_LINE). */
package io.jvtpm.kvm.irq;
