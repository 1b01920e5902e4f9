/**
 * The enhanced authorization commands (TPM 2.0 Library Part 3, 23) by family, and the check of a
 * policy session when it authorizes a handle (Part 1, 19.7).
 */
package io.jvtpm.engine.command.policy;
