/** The FIFO interface's registers and their fields (PC Client Platform TPM Profile for TPM 2.0, FIFO interface registers). */
package io.jvtpm.tis.register;
