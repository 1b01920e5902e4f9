package io.jvtpm.acpi.table;

/**
 * MPS INTI flags of MADT interrupt entries (ACPI 6.5 section 5.2.12.5, MPS INTI Flags): polarity in
 * bits 1:0 and trigger mode in bits 3:2 (0 conforms to the bus, 1 active high / edge, 3 active
 * low / level).
 */
public record MpsIntiFlags(Polarity polarity, Trigger trigger) {

    /** Conforms to the bus for both. */
    public static final MpsIntiFlags CONFORMING = new MpsIntiFlags(Polarity.CONFORMING, Trigger.CONFORMING);
    /** Active high, level-triggered (how QEMU routes the PCI link IRQs 5, 9, 10, 11). */
    public static final MpsIntiFlags LEVEL_HIGH = new MpsIntiFlags(Polarity.ACTIVE_HIGH, Trigger.LEVEL);
    /** Active high, edge-triggered. */
    public static final MpsIntiFlags EDGE_HIGH = new MpsIntiFlags(Polarity.ACTIVE_HIGH, Trigger.EDGE);

    /** Polarity, bits 1:0. */
    public enum Polarity {
        CONFORMING(0), ACTIVE_HIGH(1), ACTIVE_LOW(3);

        final int code;

        Polarity(int code) {
            this.code = code;
        }
    }

    /** Trigger mode, bits 3:2. */
    public enum Trigger {
        CONFORMING(0), EDGE(1), LEVEL(3);

        final int code;

        Trigger(int code) {
            this.code = code;
        }
    }

    public MpsIntiFlags {
        java.util.Objects.requireNonNull(polarity, "polarity");
        java.util.Objects.requireNonNull(trigger, "trigger");
    }

    /** The 16-bit flags value. */
    public int bits() {
        return polarity.code | (trigger.code << 2);
    }
}
