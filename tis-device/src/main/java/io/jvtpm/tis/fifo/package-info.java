/** The command/response cycle behind TPM_STS and TPM_DATA_FIFO (PC Client Platform TPM Profile, FIFO "Command/Response" protocol). */
package io.jvtpm.tis.fifo;
