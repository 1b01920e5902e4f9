/** Bounded unmarshalling and marshalling of TPM 2.0 structures (TPM 2.0 Library Part 2, 4 and 10). */
package io.jvtpm.engine.marshal;
