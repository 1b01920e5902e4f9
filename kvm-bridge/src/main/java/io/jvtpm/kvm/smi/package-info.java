/** The APM control/status ports 0xB2/0xB3 (ACPI FADT SMI_CMD) as a synchronous host SMI handler. */
package io.jvtpm.kvm.smi;
