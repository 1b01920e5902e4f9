/** The TPM device's ACPI description and TPM2 start method (TCG ACPI Specification 1.3, section 8). */
package io.jvtpm.tis.acpi;
