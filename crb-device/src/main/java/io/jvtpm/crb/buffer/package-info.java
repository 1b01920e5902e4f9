/** The CRB command/response buffer (PC Client Platform TPM Profile, section 6.5.3.16). */
package io.jvtpm.crb.buffer;
