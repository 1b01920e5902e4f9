/**
 * Measured direct boot: what the launcher loads is hashed into the TPM's PCRs with TPM2_PCR_Extend
 * and recorded in a TCG crypto-agile event log (TCG PC Client Platform Firmware Profile, section
 * 10) that Linux finds through the ACPI TPM2 table's LASA/LAML.
 */
package io.jvtpm.examples.boot.measure;
