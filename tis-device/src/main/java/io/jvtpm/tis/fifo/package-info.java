/** The command/response cycle behind TPM_STS and TPM_DATA_FIFO (PC Client Platform TPM Profile, section 5.5.2.6). */
package io.jvtpm.tis.fifo;
