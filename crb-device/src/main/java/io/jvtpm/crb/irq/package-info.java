/** The CRB interrupt registers and line (PC Client Platform TPM Profile, sections 6.5.3.11-12). */
package io.jvtpm.crb.irq;
