package io.jvtpm.engine.object;

/**
 * TPMT_SENSITIVE (TPM 2.0 Library Part 2, 12.3.2.5): the authValue, the seedValue (a parent's
 * protection seed, or a KEYEDHASH/SYMCIPHER obfuscation value) and the secret: the RSA prime p,
 * the ECC private scalar, the HMAC key or sealed data, or the AES key.
 */
public record SensitiveArea(ObjectType type, byte[] authValue, byte[] seedValue, byte[] sensitive) {
}
