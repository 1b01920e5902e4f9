package io.jvtpm.crb.regs;

/**
 * The value of TPM_CRB_INTF_ID_x (PTP section 6.5.3.5, interface identifier): interface type and
 * version CRB, the capabilities, the selected interface, the revision, the vendor and device ids.
 *
 * @param fiveLocalities CapLocality: all five localities (else locality 0 only)
 * @param idleBypass     CapCRBIdleBypass: software need not take the TPM through Idle between commands
 * @param vendorId       VID (PCI vendor id)
 * @param deviceId       DID
 * @param revisionId     RID
 */
public record InterfaceId(boolean fiveLocalities, boolean idleBypass, int vendorId, int deviceId, int revisionId) {

    /** InterfaceType 1: CRB interface active. */
    public static final int INTERFACE_TYPE_CRB = 0x1;
    /** InterfaceVersion 1: CRB. */
    public static final int INTERFACE_VERSION_CRB = 0x1;
    /** CapDataXferSizeSupport 3: 64-byte transfers. */
    public static final int XFER_SIZE_64 = 0x3;
    /** InterfaceSelector 1: CRB. */
    public static final int SELECTOR_CRB = 0x1;

    public InterfaceId {
        if ((vendorId & ~0xFFFF) != 0 || (deviceId & ~0xFFFF) != 0 || (revisionId & ~0xFF) != 0) {
            throw new IllegalArgumentException("VID/DID are 16 bits, RID is 8 bits");
        }
    }

    /** The low 32 bits (offset 0x30). */
    public int low() {
        return INTERFACE_TYPE_CRB
                | INTERFACE_VERSION_CRB << 4
                | (fiveLocalities ? 1 : 0) << 8
                | (idleBypass ? 1 : 0) << 9
                | XFER_SIZE_64 << 11
                | 1 << 14 // CapCRB
                | SELECTOR_CRB << 17
                | revisionId << 24;
    }

    /** The high 32 bits (offset 0x34): VID, DID. */
    public int high() {
        return vendorId | deviceId << 16;
    }
}
