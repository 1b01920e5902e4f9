/** TPM_INT_ENABLE, TPM_INT_STATUS and the interrupt line (PC Client Platform TPM Profile, FIFO interrupts). */
package io.jvtpm.tis.irq;
