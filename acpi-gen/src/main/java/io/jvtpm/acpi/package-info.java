/** AML encoder and ACPI table builders (ACPI 6.x, chapters 5 and 20). */
package io.jvtpm.acpi;
