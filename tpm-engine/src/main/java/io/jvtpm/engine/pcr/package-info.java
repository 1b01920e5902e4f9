/** PCR banks and the PC Client Platform TPM Profile's PCR attributes. */
package io.jvtpm.engine.pcr;
