/** TPM Command Response Buffer interface of the TCG PC Client Platform TPM Profile for TPM 2.0. */
package io.jvtpm.crb;
