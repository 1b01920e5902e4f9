package io.jvtpm.ppi.exec;

/**
 * The VMM's hook that overwrites guest RAM at reset when the guest set the MOR ClearMemory bit
 * (TCG Platform Reset Attack Mitigation Specification 1.10; QEMU tpm_ppi_reset). The PPI page
 * itself is not guest RAM in this sense and keeps its contents.
 */
@FunctionalInterface
public interface MemoryClearer {

    /** Overwrites all guest RAM with zeros before the guest runs again. */
    void clearGuestMemory();
}
