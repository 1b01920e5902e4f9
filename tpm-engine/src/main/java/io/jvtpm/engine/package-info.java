/** The TPM 2.0 engine (TCG TPM 2.0 Library, Parts 1-4) and its backend contract. */
package io.jvtpm.engine;
