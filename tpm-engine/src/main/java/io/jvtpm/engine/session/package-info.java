/**
 * Authorization sessions (TPM 2.0 Library Part 1, 19 and 21): HMAC, policy and trial sessions,
 * their table of slots, the session HMACs and CFB parameter encryption.
 */
package io.jvtpm.engine.session;
