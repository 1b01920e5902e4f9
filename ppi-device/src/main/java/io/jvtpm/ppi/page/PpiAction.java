package io.jvtpm.ppi.page;

/**
 * The platform action that makes a requested operation run (TCG PPI 1.3 function 4, "Get Platform
 * Action Required to Transition to Pre-OS Environment"), as bits 3-4 of QEMU's {@code func[]}.
 */
public enum PpiAction {
    /** No action recorded. */
    NONE(0, 0),
    /** The OS must shut the machine down. */
    SHUTDOWN(1 << 3, 1),
    /** The OS must reboot the machine. */
    REBOOT(2 << 3, 2),
    /** A vendor-specific action. */
    VENDOR(3 << 3, 3);

    private final int bits;
    private final int functionFourValue;

    PpiAction(int bits, int functionFourValue) {
        this.bits = bits;
        this.functionFourValue = functionFourValue;
    }

    /** The func[] bits 3-4. */
    public int bits() {
        return bits;
    }

    /** What function 4 returns for this action (0 none, 1 shutdown, 2 reboot, 3 vendor). */
    public int functionFourValue() {
        return functionFourValue;
    }

    /** The action with those func[] bits, or null. */
    public static PpiAction ofBits(int bits) {
        for (PpiAction a : values()) {
            if (a.bits == bits) {
                return a;
            }
        }
        return null;
    }
}
