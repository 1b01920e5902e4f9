/**
 * The Linux launcher as a library: {@link io.jvtpm.examples.boot.LinuxMachine} boots a Linux
 * bzImage under KVM by the Linux x86 boot protocol (Documentation/arch/x86/boot.rst) with jvtpm's
 * TPM devices, from {@link io.jvtpm.examples.boot.MachineOptions}; {@code jvtpm boot}
 * ({@code io.jvtpm.examples.cli}) only parses its command line and calls it. Subpackages hold the
 * parts: {@code image} (the bzImage and its setup header), {@code layout} (guest memory, e820, the
 * zero page), {@code legacy} (the tiny PC devices Linux pokes), {@code measure} (measured direct
 * boot and its TCG event log), {@code vm} (one power-on cycle on KVM).
 */
package io.jvtpm.examples.boot;
