package io.jvtpm.tis.register;

/**
 * The registers of one locality of the FIFO interface, at their offsets within the locality's
 * 4 KiB page (PC Client Platform TPM Profile for TPM 2.0, table "FIFO Interface
 * Register Space Addresses"). {@link #width()} is the register's size in bytes; bytes of the
 * enclosing dword past it are reserved.
 */
public enum TisRegister {
    /** TPM_ACCESS_x: locality arbitration, tpmEstablishment, tpmRegValidSts. */
    ACCESS(0x000, 1),
    /** TPM_INT_ENABLE_x: globalIntEnable, typePolarity and the four interrupt sources. */
    INT_ENABLE(0x008, 4),
    /** TPM_INT_VECTOR_x: the interrupt the platform routes the TPM's line to (SIRQ number). */
    INT_VECTOR(0x00C, 1),
    /** TPM_INT_STATUS_x: interrupts that occurred; write 1 to clear. */
    INT_STATUS(0x010, 4),
    /** TPM_INTF_CAPABILITY_x: what the interface supports. */
    INTF_CAPABILITY(0x014, 4),
    /** TPM_STS_x: status, burstCount, command control. */
    STS(0x018, 4),
    /** TPM_DATA_FIFO_x: command bytes in, response bytes out. */
    DATA_FIFO(0x024, 4),
    /** TPM_INTERFACE_ID_x: interface type, version, capabilities, interface selection. */
    INTERFACE_ID(0x030, 4),
    /** TPM_XDATA_FIFO_x: the FIFO again, 64 bytes wide, for multi-byte transfers. */
    XDATA_FIFO(0x080, 64),
    /** TPM_DID_VID_x: device and vendor id. */
    DID_VID(0xF00, 4),
    /** TPM_RID_x: revision id. */
    RID(0xF04, 1);

    private static final TisRegister[] BY_DWORD = new TisRegister[0x1000 / 4];

    static {
        for (TisRegister r : values()) {
            for (int at = r.offset & ~3; at < r.offset + r.width; at += 4) {
                BY_DWORD[at / 4] = r;
            }
        }
    }

    private final int offset;
    private final int width;

    TisRegister(int offset, int width) {
        this.offset = offset;
        this.width = width;
    }

    /** Offset of the register within a locality's page. */
    public int offset() {
        return offset;
    }

    /** Size of the register in bytes. */
    public int width() {
        return width;
    }

    /**
     * The register in the aligned dword that holds byte {@code offsetInLocality} (0..0xFFF), or
     * null when that dword holds none: the device's decoder.
     */
    public static TisRegister inDword(int offsetInLocality) {
        return BY_DWORD[(offsetInLocality & 0xFFF) >>> 2];
    }

    /** The register that contains byte {@code offsetInLocality}, or null for reserved space. */
    public static TisRegister at(int offsetInLocality) {
        for (TisRegister r : values()) {
            if (offsetInLocality >= r.offset && offsetInLocality < r.offset + r.width) {
                return r;
            }
        }
        return null;
    }
}
