/** Locality arbitration of the CRB interface (PC Client Platform TPM Profile, section 6.5.3.3). */
package io.jvtpm.crb.locality;
