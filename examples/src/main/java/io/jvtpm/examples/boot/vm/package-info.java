/**
 * The KVM side of the launcher: guest RAM, the boot vCPU state of the 64-bit boot protocol
 * (boot.rst: flat GDT with __BOOT_CS 0x10 / __BOOT_DS 0x18, identity-mapped page tables, RSI =
 * boot_params), the guest CPUID, the ACPI tables, the TPM stack and one power-on cycle of the
 * machine (linux/kvm.h through kvm-bridge); {@link io.jvtpm.examples.boot.vm.AcpiTables} is the one
 * builder of the guest's ACPI tables, which {@code jvtpm acpi} writes too, and
 * {@link io.jvtpm.examples.boot.vm.TpmInterfaceChoice} the one place TIS and CRB differ.
 */
package io.jvtpm.examples.boot.vm;
