/**
 * The TPM's object model (TPM 2.0 Library Part 1, 25-27 and Part 2, 12): TPMT_PUBLIC and
 * TPMT_SENSITIVE with their marshalling, Names and Qualified Names, key generation and the
 * template and binding checks, protected storage, signatures, and the seeds and persistent
 * objects kept in the permanent state.
 */
package io.jvtpm.engine.object;
