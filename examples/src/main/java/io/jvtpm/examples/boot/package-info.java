/**
 * The {@code boot} command: boots a Linux bzImage under KVM by the Linux x86 boot protocol
 * (Documentation/arch/x86/boot.rst), with jvtpm's TPM devices. Subpackages hold the parts:
 * {@code image} (the bzImage and its setup header), {@code layout} (guest memory, e820, the zero
 * page), {@code legacy} (the tiny PC devices Linux pokes), {@code measure} (measured direct boot
 * and its TCG event log).
 */
package io.jvtpm.examples.boot;
