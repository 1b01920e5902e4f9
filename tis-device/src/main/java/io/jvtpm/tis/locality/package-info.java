/** Locality arbitration through TPM_ACCESS (PC Client Platform TPM Profile, "Locality Usage"). */
package io.jvtpm.tis.locality;
