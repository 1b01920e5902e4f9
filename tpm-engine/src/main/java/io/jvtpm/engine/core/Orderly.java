package io.jvtpm.engine.core;

/** How the TPM was last shut down (TPM 2.0 Library Part 1, 36.2: orderly vs. non-orderly). */
public enum Orderly {
    /** No Shutdown before the last _TPM_Init, or state changed after it. */
    NONE,
    /** Shutdown(CLEAR). */
    CLEAR,
    /** Shutdown(STATE): the saved state allows Startup(STATE). */
    STATE
}
