/** The TCG PPI 1.3 operations for TPM 2.0, their PP-required rules and the persistent flags. */
package io.jvtpm.ppi.op;
