package io.jvtpm.engine.platform;

/**
 * What the engine needs from its platform (after the TCG TPM 2.0 reference platform layer):
 * entropy, a monotonic clock, NV storage, and the physical presence and cancel lines.
 * Locality arrives with each command.
 */
public record Platform(EntropySource entropy, PlatformClock clock, NvStore nv, PlatformSignals signals) {
}
