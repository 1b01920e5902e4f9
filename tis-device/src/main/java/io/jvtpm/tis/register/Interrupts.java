package io.jvtpm.tis.register;

/**
 * Bits of TPM_INT_ENABLE_x and TPM_INT_STATUS_x (PC Client Platform TPM Profile for TPM 2.0,
 * FIFO interface): the four interrupt sources share their positions in both.
 */
public final class Interrupts {
    /** dataAvail went to 1. */
    public static final int DATA_AVAIL = 1;
    /** stsValid went to 1 (Expect or dataAvail settled). */
    public static final int STS_VALID = 1 << 1;
    /** The active locality changed. */
    public static final int LOCALITY_CHANGE = 1 << 2;
    /** commandReady went to 1. */
    public static final int COMMAND_READY = 1 << 7;
    /** All four sources. */
    public static final int ALL_SOURCES = DATA_AVAIL | STS_VALID | LOCALITY_CHANGE | COMMAND_READY;
    /** typePolarity field (INT_ENABLE bits 4:3): 00 high level, 01 low level, 10 rising, 11 falling. */
    public static final int TYPE_POLARITY_MASK = 3 << 3;
    /** typePolarity = low level, the reset value and the only type this interface offers. */
    public static final int TYPE_POLARITY_LOW_LEVEL = 1 << 3;
    /** globalIntEnable (INT_ENABLE bit 31). */
    public static final int GLOBAL_INT_ENABLE = 1 << 31;

    private Interrupts() {
    }
}
