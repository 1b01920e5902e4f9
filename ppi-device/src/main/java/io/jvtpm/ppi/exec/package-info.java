/** The host-side executor of TCG PPI 1.3 operations against a TPM 2.0, run at guest reset. */
package io.jvtpm.ppi.exec;
