/** TPM FIFO interface (TIS 1.3) of the TCG PC Client Platform TPM Profile for TPM 2.0. */
package io.jvtpm.tis;
