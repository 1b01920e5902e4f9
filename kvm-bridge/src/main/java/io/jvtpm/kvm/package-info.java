/**
 * Linux KVM (/dev/kvm, linux/kvm.h) from Java: VMs, guest memory, vCPU threads, exit decoding, MMIO and
 * port-I/O buses, interrupt lines and SMI. It knows no device; devices plug into the buses as method references.
 *
 * <h2>Embedding: open, map memory, register a device, run</h2>
 * <pre>{@code
 * try (Kvm kvm = Kvm.open();
 *      GuestMemory ram = GuestMemory.allocate(0, 256L << 20);      // guest-physical 0 .. 256 MiB
 *      Vm vm = kvm.createVm()) {
 *     vm.setTssAddress(0xFFFBD000L);                              // Intel needs these; harmless on AMD
 *     vm.setIdentityMapAddress(0xFFFBC000L);
 *     vm.createIrqchip();                                         // PIC + IOAPIC + LAPIC in the kernel
 *     vm.createPit2(0);
 *     vm.map(0, ram);                                             // slot 0, normal address space
 *     vm.mmio().register("tpm-tis", 0xFED40000L, 0x5000, tis::read, tis::write);
 *     ApmPort.register(vm.pio(), (command, status) -> ppi.onSmi(command));   // host-handled "SMI"
 *     IrqLine tpmIrq = vm.irqLine(13);                            // give it to the device: pulse()/assertLine()
 *
 *     Vcpu cpu = vm.createVcpu(0);
 *     cpu.setCpuid(kvm.supportedCpuid());
 *     cpu.setSregs(cpu.getSregs().longMode(pml4, 0x10, 0x18));    // or leave the reset state for firmware
 *     cpu.setRegs(Regs.at(entry, stack));
 *     VcpuRunner runner = new VcpuRunner(cpu, new ExitDispatcher(vm.mmio(), vm.pio()), ExitPolicy.standard());
 *     runner.start();                                             // pause(), resume(), kick(), reset(), stop()
 *     runner.awaitStop(1, TimeUnit.HOURS);
 * }
 * }</pre>
 * Device handlers run on the vCPU thread that exited, before that vCPU resumes; a handler that throws is
 * logged and the access completes (reads answer all-ones). {@link io.jvtpm.kvm.vcpu.VcpuRunner#current()} is
 * the vCPU on whose thread a handler runs (e.g. to call {@code smi()} for a guest with its own SMM handler,
 * after mapping SMRAM with {@link io.jvtpm.kvm.vm.Vm#mapSmm}).
 *
 * <p>Parts: {@code sys} (libc and ioctl binding, struct layouts), {@code mem} (guest RAM), {@code vm},
 * {@code vcpu} (registers, run loop), {@code exit} (kvm_run decoding), {@code bus} (MMIO/PIO buses),
 * {@code irq} (KVM_IRQ_LINE), {@code smi} (APM ports).
 */
package io.jvtpm.kvm;
