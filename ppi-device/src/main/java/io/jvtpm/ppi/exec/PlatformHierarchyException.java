package io.jvtpm.ppi.exec;

/**
 * The platform hierarchy could not be closed before the OS runs (TPM 2.0 Library Part 3, 24.2
 * TPM2_HierarchyControl and 24.8 TPM2_HierarchyChangeAuth refused): the guest must not be started
 * with platform authority open to it.
 */
public final class PlatformHierarchyException extends Exception {

    private static final long serialVersionUID = 1L;

    PlatformHierarchyException(String message, Throwable cause) {
        super(message, cause);
    }
}
