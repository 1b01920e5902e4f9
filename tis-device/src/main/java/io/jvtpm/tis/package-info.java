/**
 * TPM FIFO interface (TIS 1.3) of the TCG PC Client Platform TPM Profile for TPM 2.0:
 * {@link io.jvtpm.tis.TisDevice} is the register window a VMM maps at 0xFED40000.
 */
package io.jvtpm.tis;
