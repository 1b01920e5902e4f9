/** The VM (linux/kvm.h VM ioctls): memory slots in the normal and SMM address spaces, irqchip, PIT, IRQ lines, vCPU creation. */
package io.jvtpm.kvm.vm;
