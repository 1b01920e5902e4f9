/**
 * Resource data descriptors for {@code _CRS}-style resource templates (ACPI 6.5 section 6.4):
 * Memory32Fixed, Memory32, IO, FixedIO, IRQ/IRQNoFlags, the extended Interrupt descriptor and the
 * Word/DWord/QWord address space descriptors. Wrap them in
 * {@link io.jvtpm.acpi.aml.ResourceTemplate} (or {@code Asl.resourceTemplate(...)}).
 */
package io.jvtpm.acpi.aml.resource;
