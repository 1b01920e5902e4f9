/** The CRB register map and its bit fields (PC Client Platform TPM Profile, section 6.5.3). */
package io.jvtpm.crb.regs;
