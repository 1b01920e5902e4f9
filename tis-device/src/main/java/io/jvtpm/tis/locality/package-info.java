/** Locality arbitration through TPM_ACCESS (PC Client Platform TPM Profile, section 5.5.2.3). */
package io.jvtpm.tis.locality;
