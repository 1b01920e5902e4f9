/** The FIFO interface's registers and their fields (PC Client Platform TPM Profile for TPM 2.0, section 6.5.2). */
package io.jvtpm.tis.register;
