/**
 * ACPI table builders (ACPI 6.5 chapter 5.2; TCG ACPI Specification 1.3 for TPM2; IA-PC HPET 1.0a;
 * PCI Firmware 3.2 for MCFG): {@link io.jvtpm.acpi.table.Rsdp}, {@link io.jvtpm.acpi.table.Xsdt},
 * {@link io.jvtpm.acpi.table.Fadt} (with a builder), {@link io.jvtpm.acpi.table.Facs},
 * {@link io.jvtpm.acpi.table.Madt}, {@link io.jvtpm.acpi.table.AmlTable} (DSDT/SSDT),
 * {@link io.jvtpm.acpi.table.Tpm2Table}, {@link io.jvtpm.acpi.table.Hpet},
 * {@link io.jvtpm.acpi.table.Mcfg}. Each {@code toBytes()} fills in Length and Checksum.
 *
 * <p>A VMM collects the tables in an {@link io.jvtpm.acpi.table.AcpiTableSet} and calls
 * {@link io.jvtpm.acpi.table.AcpiTableSet#layout(long)}: the resulting
 * {@link io.jvtpm.acpi.table.AcpiImage} holds the bytes to copy at the base address (FACS, DSDT,
 * FADT pointing at both, the others, the XSDT) and the RSDP to put where the OS finds it.
 */
package io.jvtpm.acpi.table;
