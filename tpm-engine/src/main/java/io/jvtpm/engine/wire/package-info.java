/**
 * The TPM 2.0 wire layer: every TPM constant once (command and response codes, tags, handles,
 * capabilities, properties; TPM 2.0 Library Part 2, 6-7) and bounded marshalling and unmarshalling
 * of TPM 2.0 structures (Part 2, 4 and 10; Part 1, 18).
 */
package io.jvtpm.engine.wire;
