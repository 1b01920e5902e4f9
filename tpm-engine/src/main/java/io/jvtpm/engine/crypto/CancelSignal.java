package io.jvtpm.engine.crypto;

/**
 * The platform's cancel line as key generation sees it (TCG TPM 2.0 reference platform,
 * _plat__IsCanceled): a long computation asks it between steps and ends with TPM_RC_CANCELED.
 */
@FunctionalInterface
public interface CancelSignal {
    /** A signal that is never raised (work outside a command, tests). */
    CancelSignal NEVER = () -> false;

    /** True when the running command was asked to stop. */
    boolean canceled();
}
