/**
 * {@code jvtpm setup}: provisioning of a TPM state directory as swtpm_setup does it (TCG EK
 * Credential Profile for TPM Family 2.0: EKs, EK and platform certificates in NV, PCR banks).
 */
package io.jvtpm.examples.setup;
