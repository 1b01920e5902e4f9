package io.jvtpm.engine.platform;

/**
 * The platform's signal lines into the TPM (TCG TPM 2.0 reference platform layer:
 * _plat__PhysicalPresenceAsserted, _plat__IsCanceled): physical presence and cancel.
 */
public final class PlatformSignals {
    private volatile boolean physicalPresence;
    private volatile boolean cancel;

    /** Both lines deasserted. */
    public PlatformSignals() {
    }

    public boolean physicalPresence() {
        return physicalPresence;
    }

    public void physicalPresence(boolean asserted) {
        physicalPresence = asserted;
    }

    /** True when the running command was asked to stop. */
    public boolean cancelRequested() {
        return cancel;
    }

    public void requestCancel() {
        cancel = true;
    }

    public void clearCancel() {
        cancel = false;
    }
}
