/** TPM_INT_ENABLE, TPM_INT_STATUS and the interrupt line (PC Client Platform TPM Profile, section 5.5.2.5). */
package io.jvtpm.tis.irq;
