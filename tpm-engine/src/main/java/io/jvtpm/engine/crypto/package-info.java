/** Hashes, HMAC and the CTR_DRBG over the JCA (TPM 2.0 Library Part 1, 11; NIST SP 800-90A). */
package io.jvtpm.engine.crypto;
