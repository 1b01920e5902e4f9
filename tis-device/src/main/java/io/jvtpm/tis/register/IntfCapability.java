package io.jvtpm.tis.register;

/** Fields of TPM_INTF_CAPABILITY_x (PC Client Platform TPM Profile for TPM 2.0, FIFO interface). */
public final class IntfCapability {
    /** dataAvailIntSupport. */
    public static final int DATA_AVAIL_INT_SUPPORT = 1;
    /** stsValidIntSupport. */
    public static final int STS_VALID_INT_SUPPORT = 1 << 1;
    /** localityChangeIntSupport. */
    public static final int LOCALITY_CHANGE_INT_SUPPORT = 1 << 2;
    /** InterruptLevelHigh. */
    public static final int INTERRUPT_LEVEL_HIGH = 1 << 3;
    /** InterruptLevelLow (mandatory). */
    public static final int INTERRUPT_LEVEL_LOW = 1 << 4;
    /** InterruptEdgeRising. */
    public static final int INTERRUPT_EDGE_RISING = 1 << 5;
    /** InterruptEdgeFalling. */
    public static final int INTERRUPT_EDGE_FALLING = 1 << 6;
    /** CommandReadyIntSupport. */
    public static final int COMMAND_READY_INT_SUPPORT = 1 << 7;
    /** BurstCountStatic: 1 = static, 0 = dynamic. */
    public static final int BURST_COUNT_STATIC = 1 << 8;
    /** DataTransferSizeSupport (bits 10:9) = 11: 64-byte transfers (legacy, 8, 32 and 64). */
    public static final int DATA_TRANSFER_64_BYTE = 3 << 9;
    /** InterfaceVersion (bits 30:28) = 011: TIS 1.3 for TPM 2.0. */
    public static final int INTERFACE_VERSION_1_3_FOR_TPM_2_0 = 3 << 28;

    /**
     * What this interface reports: the four interrupt sources, low-level interrupts, dynamic
     * burst count, 64-byte transfers, interface version 1.3 for TPM 2.0 (0x30000697).
     */
    public static final int VALUE = DATA_AVAIL_INT_SUPPORT | STS_VALID_INT_SUPPORT
            | LOCALITY_CHANGE_INT_SUPPORT | INTERRUPT_LEVEL_LOW | COMMAND_READY_INT_SUPPORT
            | DATA_TRANSFER_64_BYTE | INTERFACE_VERSION_1_3_FOR_TPM_2_0;

    private IntfCapability() {
    }
}
