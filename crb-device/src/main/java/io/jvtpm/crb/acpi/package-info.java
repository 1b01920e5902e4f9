/** The ACPI description of the CRB TPM (TCG ACPI Specification 1.3, section 8). */
package io.jvtpm.crb.acpi;
