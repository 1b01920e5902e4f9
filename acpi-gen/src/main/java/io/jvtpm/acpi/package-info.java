/**
 * AML encoder and ACPI table builders (ACPI 6.5 chapters 5 and 20): {@code io.jvtpm.acpi.aml} for
 * the AML nodes, {@code io.jvtpm.acpi.aml.resource} for resource descriptors,
 * {@code io.jvtpm.acpi.table} for the tables and their layout in guest memory.
 */
package io.jvtpm.acpi;
