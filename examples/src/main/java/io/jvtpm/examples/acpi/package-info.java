/**
 * {@code jvtpm acpi}: writes the ACPI tables a guest with a TPM gets (ACPI 6.5 chapter 5, TCG ACPI
 * Specification 1.3 TPM2 table) as files for {@code iasl -d}.
 */
package io.jvtpm.examples.acpi;
