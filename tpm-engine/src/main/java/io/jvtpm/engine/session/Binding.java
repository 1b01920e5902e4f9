package io.jvtpm.engine.session;

/**
 * The entity a session was bound to at TPM2_StartAuthSession (TPM 2.0 Library Part 1, 19.6.11;
 * Part 3, 11.1): its handle, its Name (by which the session recognises it again), its authValue
 * with trailing zeros removed, and whether dictionary-attack protection covered it then (Part 1,
 * 19.8: an authorization failure of a session bound to such an entity counts as one of it).
 */
public record Binding(int handle, byte[] name, byte[] authValue, boolean daProtected) {
}
